import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { buildProjectNamePrefixes } from '../adapters/aws/build-project-name';
import type { Bundles } from './bundles';
import { Alarms } from './constructs/alarms';
import { BuildProjects } from './constructs/codebuild';
import { DriftSchedule } from './constructs/drift-schedule';
import { BuildEvents } from './constructs/events';
import { ExampleStackRoles, type ExampleStackRolesProps } from './constructs/example-stack-role';
import { FunctionUrl } from './constructs/function-url';
import { grantLambdas } from './constructs/grants';
import { createFunctions } from './constructs/lambdas';
import { Secrets } from './constructs/secrets';
import { SelfServiceWorker } from './constructs/self-service-worker';
import { State } from './constructs/state';
import { lambdaEnvironments, selfServiceWorkerEnvironment } from './environment';
import type { DeployModel } from './model';
import { addOutputs } from './outputs';

/** The AWS provider versions the synthesized JSON accepts (6.29 adds `invoked_via_function_url`). */
export const awsProviderConstraint = '>= 6.29.0, < 7.0.0';

export interface InfrabotStackProps {
  model: DeployModel;
  bundles: Bundles;
}

interface WorkerParts {
  model: DeployModel;
  bundles: Bundles;
  accountId: string;
  state: State;
  secrets: Secrets;
  events: BuildEvents;
}

/** Everything infrabot needs in one AWS account and region. */
export class InfrabotStack extends TerraformStack {
  constructor(scope: Construct, id: string, { model, bundles }: InfrabotStackProps) {
    super(scope, id);
    const { inputs } = model;
    new AwsProvider(this, 'aws', { region: inputs.region, defaultTags: [{ tags: inputs.tags }] });
    this.addOverride('terraform.required_providers.aws.version', awsProviderConstraint);
    this.backend(model);
    const accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    const state = new State(this, 'state', { inputs, accountId });
    const secrets = new Secrets(this, 'secrets', { inputs });
    const fns = createFunctions(this, inputs, bundles, lambdaEnvironments(model, state, secrets));
    const url = new FunctionUrl(this, 'bot-url', { bot: fns.bot });
    const projects = new BuildProjects(this, 'builds', {
      model,
      bucketName: state.bucket.bucket,
      bucketArn: state.bucket.arn,
      accountId,
    });
    const events = new BuildEvents(this, 'events', {
      inputs,
      projectNamePrefixes: buildProjectNamePrefixes(inputs.namePrefix),
      notifier: fns.notifier,
      dispatcher: fns.dispatcher,
    });
    const worker = this.selfServiceWorker({ model, bundles, accountId, state, secrets, events });
    grantLambdas({
      inputs,
      fns,
      state,
      secrets,
      projects,
      selfServiceWorker: worker?.function,
      cdn: Boolean(model.config?.cdn),
      drift: Boolean(model.config?.drift),
    });
    const alarms = new Alarms(this, 'alarms', {
      inputs,
      functionNames: [...Object.values(fns), ...(worker ? [worker.function] : [])].map((fn) => fn.functionName),
      deadLetterQueueName: events.deadLetters.name,
      applyProjectNames: projects.projects.filter((p) => p.action === 'apply').map((p) => p.name),
      drift: Boolean(model.config?.drift?.schedule),
    });
    const driftSchedule = model.config?.drift?.schedule;
    if (driftSchedule) new DriftSchedule(this, 'drift', { inputs, schedule: driftSchedule, bot: fns.bot, accountId });
    this.addExampleStackRoles(model, projects, accountId, {
      artifactsBucketArn: state.bucket.arn,
      tableArn: state.table.arn,
    });
    addOutputs(this, { url, state, secrets, projects, alarms });
  }

  private backend({ inputs }: DeployModel): void {
    const s3 = inputs.backend.s3;
    if (!s3) {
      // Relative to <outdir>/stacks/infrabot, where terraform runs: the file sits beside the outdir.
      new LocalBackend(this, { path: '../../../infrabot.tfstate' });
      return;
    }
    const backend = new S3Backend(this, {
      bucket: s3.bucket,
      key: s3.key,
      region: s3.region ?? inputs.region,
      encrypt: true,
    });
    backend.addOverride('use_lockfile', true);
  }

  private selfServiceWorker(parts: WorkerParts): SelfServiceWorker | undefined {
    const { model, bundles, state, secrets } = parts;
    const bundle = bundles['selfservice-worker'];
    if (!model.selfService) return undefined;
    if (!bundle) throw new Error('the selfservice-worker bundle was not resolved: prepare the app with prepareApp');
    return new SelfServiceWorker(this, 'self-service', {
      model,
      bundle,
      accountId: parts.accountId,
      environment: selfServiceWorkerEnvironment(state, secrets),
      state,
      secrets,
      deadLetters: parts.events.deadLetters,
    });
  }

  private addExampleStackRoles(
    model: DeployModel,
    projects: BuildProjects,
    accountId: string,
    infrabot: Pick<ExampleStackRolesProps, 'artifactsBucketArn' | 'tableArn'>,
  ): void {
    const example = model.inputs.exampleStack;
    if (!example) return;
    const stack = model.config?.stacks.find((candidate) => candidate.name === example.stack);
    if (!stack) {
      throw new Error(`exampleStack.stack: no stack "${example.stack}" in infrabot.yaml; name one of its stacks`);
    }
    new ExampleStackRoles(this, 'example-stack', {
      stack,
      projects,
      example,
      region: model.inputs.region,
      accountId,
      ...infrabot,
    });
  }
}
