import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'cdktf';
import {
  type Bundles,
  bundledConfigMismatch,
  type FunctionName,
  lambdaNames,
  resolveBundle,
  selfServiceWorkerName,
} from './bundles';
import { DeployConfigError, readDeployConfig } from './config-file';
import { type DeployInputs, parseDeployInputs } from './inputs';
import { DeployModel } from './model';
import { InfrabotStack } from './stack';

/** The repository root (the folder above terraform/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The stack's id: its Terraform JSON is `<outdir>/stacks/infrabot/cdk.tf.json`. */
export const stackId = 'infrabot';

export interface PreparedApp {
  model: DeployModel;
  bundles: Bundles;
  /** Things to tell the person running the synth (missing config, missing bundles). */
  warnings: string[];
}

/**
 * Reads infrabot.yaml and finds the bundles for these inputs; refuses bundles built with another configuration
 * than `configPath`.
 */
export function prepareApp(inputs: DeployInputs, root = repoRoot): PreparedApp {
  const deployConfig = readDeployConfig(root, inputs.configPath);
  const model = new DeployModel(inputs, deployConfig, root);
  const names: FunctionName[] = [...lambdaNames];
  if (model.selfService) names.push(selfServiceWorkerName);
  const bundles = Object.fromEntries(
    names.map((name) => [name, resolveBundle(root, inputs.bundlesDir, name)]),
  ) as Bundles;
  const mismatch = bundledConfigMismatch(bundles, deployConfig.path);
  if (mismatch) throw new DeployConfigError(mismatch);
  const warnings = configWarnings(model);
  const missing = names.filter((name) => bundles[name]?.placeholder);
  if (missing.length > 0) {
    warnings.push(
      `no bundle for ${missing.join(', ')} under ${inputs.bundlesDir}: using stand-ins that refuse every call; run npm run build before npm run synth to deploy the real code`,
    );
  }
  return { model, bundles, warnings };
}

/** What the inputs and infrabot.yaml leave missing or contradict, each with its fix. */
function configWarnings(model: DeployModel): string[] {
  const { inputs, deployConfig } = model;
  const warnings = deployConfig.found ? [] : [deployConfig.warning];
  if (inputs.github.auth === 'app' && !inputs.github.appId) {
    warnings.push(
      'github.auth is "app" but github.appId is not set: set it in terraform/inputs.json, or set github.auth to "token" or "none"',
    );
  }
  const usesTofu = deployConfig.found && deployConfig.config.terraform.binary === 'tofu';
  if (usesTofu && inputs.codebuild.image.startsWith('aws/codebuild/')) {
    warnings.push(
      `codebuild.image is ${inputs.codebuild.image}, which has no tofu on PATH: the buildspecs install only terraform, so set codebuild.image to an image with tofu, bash and the AWS CLI`,
    );
  }
  if (model.config?.logs && !inputs.selfService.athenaResultsLocation) {
    warnings.push(
      'infrabot.yaml has a logs section but selfService.athenaResultsLocation is not set: the selfservice-worker gets no Athena permissions and /logs will fail; set it in terraform/inputs.json',
    );
  }
  return warnings;
}

/** Synthesizes the app to `outdir` as plain Terraform JSON; returns the stack file's path and the warnings. */
export function synthesizeInfrabot(inputs: DeployInputs, outdir: string, root = repoRoot) {
  const prepared = prepareApp(inputs, root);
  const app = new App({ outdir, skipValidation: false });
  new InfrabotStack(app, stackId, { model: prepared.model, bundles: prepared.bundles });
  app.synth();
  return { stackFile: join(outdir, 'stacks', stackId, 'cdk.tf.json'), warnings: prepared.warnings };
}

/** Reads the inputs file when there is one (`INFRABOT_DEPLOY_INPUTS`, else `terraform/inputs.json`). */
export function loadInputsFile(path: string | undefined, root = repoRoot) {
  const file = resolve(root, path ?? 'terraform/inputs.json');
  if (!existsSync(file)) {
    if (path) return { ok: false as const, error: `no inputs file at ${file}: fix INFRABOT_DEPLOY_INPUTS` };
    return parseDeployInputs({});
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    return { ok: false as const, error: `${file} is not valid JSON (${(cause as Error).message})` };
  }
  return parseDeployInputs(raw, file);
}
