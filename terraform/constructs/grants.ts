import type { LambdaName } from '../bundles';
import type { DeployInputs } from '../inputs';
import { allow, type PolicyStatement, tableReadWriteActions } from '../policy';
import type { BuildProjects } from './codebuild';
import type { InfrabotFunction } from './lambdas';
import type { Secrets } from './secrets';
import { listDistributions } from './self-service-policies';
import { artifactPrefixes, type State } from './state';

export interface GrantsProps {
  inputs: DeployInputs;
  fns: Record<LambdaName, InfrabotFunction>;
  state: State;
  secrets: Secrets;
  projects: BuildProjects;
  /** The self-service worker, when deployed: the bot may invoke it. */
  selfServiceWorker?: InfrabotFunction | undefined;
  /** True with a `cdn` section: the bot lists distributions itself for `/cdn which`. */
  cdn: boolean;
  /** True with a `drift` section: the notifier hands the next drift checks of a run to the dispatcher. */
  drift?: boolean;
}

/**
 * What each Lambda may do beyond writing its logs (and, for the dispatcher and notifier, sending failed
 * invocations to the dead-letter queue):
 * - bot: invoke the dispatcher (and the self-service worker, when deployed), stop builds of infrabot's projects
 *   (`/tf cancel`), read its secrets, read and write the table (requests, audit, idempotency), list CloudFront
 *   distributions with a `cdn` section;
 * - dispatcher: start and stop builds of infrabot's projects, sign the URLs of each build's own job artifacts
 *   (and read an apply's saved plan), read and write the table, read the secrets it needs to say in Slack or on
 *   the PR that a job could not start;
 * - notifier: read job artifacts, read and write the table, read its secrets, read builds of infrabot's projects
 *   (its sweep finds builds whose end event was lost).
 */
export function grantLambdas(props: GrantsProps): void {
  const { inputs, fns, state, secrets, projects } = props;
  const table = allow('ReadWriteTable', tableReadWriteActions, [state.table.arn]);
  const readSecrets = (name: LambdaName) => {
    const statements = [allow('ReadOwnSecrets', ['secretsmanager:GetSecretValue'], secrets.arnsFor(name))];
    if (inputs.secrets.kmsKeyArn) {
      statements.push(allow('DecryptSecrets', ['kms:Decrypt'], [inputs.secrets.kmsKeyArn]));
    }
    return statements;
  };
  const projectArns = projects.projectArnPatterns;
  fns.bot.role.allow('app', [
    ...botInvokes(props),
    // `/tf cancel` stops the job's build; the dispatcher starts builds.
    allow('CancelInfrabotBuilds', ['codebuild:StopBuild'], projectArns),
    table,
    ...readSecrets('bot'),
  ]);
  const jobObjects = `${state.bucket.arn}/${artifactPrefixes.jobs}*`;
  const readArtifacts: PolicyStatement[] = [allow('ReadJobArtifacts', ['s3:GetObject'], [jobObjects])];
  if (inputs.artifacts.kmsKeyArn) {
    readArtifacts.push(allow('DecryptArtifacts', ['kms:Decrypt'], [inputs.artifacts.kmsKeyArn]));
  }
  fns.dispatcher.role.allow('app', [
    // It stops a build itself when the job was cancelled while the build started.
    allow('RunInfrabotBuilds', ['codebuild:StartBuild', 'codebuild:StopBuild'], projectArns),
    // A presigned URL carries its signer's permissions: the dispatcher signs each build's uploads (PUT) and an
    // apply's download (GET), and reads an apply's saved plan to check its digest before starting it.
    allow('SignJobArtifactUrls', ['s3:PutObject', 's3:GetObject'], [jobObjects]),
    ...(inputs.artifacts.kmsKeyArn
      ? [allow('EncryptArtifacts', ['kms:Decrypt', 'kms:GenerateDataKey'], [inputs.artifacts.kmsKeyArn])]
      : []),
    table,
    ...readSecrets('dispatcher'),
  ]);
  fns.notifier.role.allow('app', [
    ...readArtifacts,
    table,
    ...readSecrets('notifier'),
    allow('ReadInfrabotBuilds', ['codebuild:BatchGetBuilds'], projectArns),
    allow('InvokeDispatcher', ['lambda:InvokeFunction'], [fns.dispatcher.arn]),
  ]);
}

function botInvokes({ fns, selfServiceWorker, cdn }: GrantsProps): PolicyStatement[] {
  const statements = [allow('InvokeDispatcher', ['lambda:InvokeFunction'], [fns.dispatcher.arn])];
  if (selfServiceWorker) {
    statements.push(allow('InvokeSelfServiceWorker', ['lambda:InvokeFunction'], [selfServiceWorker.arn]));
    // `/cdn which` runs in the bot.
    if (cdn) statements.push(listDistributions());
  }
  return statements;
}
