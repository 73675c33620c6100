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

/** Per stack, the service roles of its plan and apply projects. */
function stackBuildRoles(projects: BuildProjects): Record<string, Record<string, string>> {
  const roles: Record<string, Record<string, string>> = {};
  for (const project of projects.projects) {
    roles[project.stack.name] = { ...roles[project.stack.name], [project.action]: project.role.arn };
  }
  return roles;
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
    value: stackBuildRoles(parts.projects),
    description:
      'The one principal each stack role trusts, by stack: its plan project for its plan role, its apply project for its apply role',
  });
  new TerraformOutput(scope, 'alarm_topic', { value: parts.alarms.topic.arn });
}
