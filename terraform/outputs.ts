import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Alarms } from './constructs/alarms';
import type { BuildProjects } from './constructs/codebuild';
import type { FunctionUrl } from './constructs/function-url';
import type { Secrets } from './constructs/secrets';
import type { State } from './constructs/state';

export interface OutputParts {
  url: FunctionUrl;
  state: State;
  secrets: Secrets;
  projects: BuildProjects;
  alarms: Alarms;
}

/** What `terraform output` shows after a deploy: the endpoints, names and roles the next steps need. */
export function addOutputs(scope: Construct, parts: OutputParts): void {
  new TerraformOutput(scope, 'function_url', {
    value: parts.url.url.functionUrl,
    description: 'Point the Slack app (<url>slack/events) and the GitHub webhook (<url>github/webhook) here',
  });
  new TerraformOutput(scope, 'table_name', { value: parts.state.table.name });
  new TerraformOutput(scope, 'artifacts_bucket', { value: parts.state.bucket.bucket });
  new TerraformOutput(scope, 'secret_names', {
    value: Object.values(parts.secrets.byName).map((secret) => secret?.name),
    description: 'Set each value with aws secretsmanager put-secret-value',
  });
  new TerraformOutput(scope, 'codebuild_roles', {
    value: Object.fromEntries(parts.projects.projects.map((p) => [p.name, p.role.arn])),
    description: 'The principals a stack role trusts: plan projects for plan roles, apply projects for apply roles',
  });
  new TerraformOutput(scope, 'alarm_topic', { value: parts.alarms.topic.arn });
}
