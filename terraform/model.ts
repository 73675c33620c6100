import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildProjectName } from '../adapters/aws/build-project-name';
import type { Config, StackConfig } from '../core/config/schema';
import type { DeployConfig } from './config-file';
import type { DeployInputs } from './inputs';
import { terraformLiteral } from './literal';

export type BuildAction = 'plan' | 'apply';

/** Used as the CodeBuild source when infrabot.yaml is missing, so synth still works; never deploy it. */
export const placeholderRepository = 'example-org/terraform';

/**
 * Everything the constructs need, derived once from the inputs and infrabot.yaml: the stacks, each of which gets
 * its own plan and apply CodeBuild project, the buildspecs and the build timeout.
 */
export class DeployModel {
  readonly config: Config | undefined;
  /** The stacks of infrabot.yaml, in config order; none without a config. */
  readonly stacks: StackConfig[];
  readonly repository: string;
  /**
   * Per action, the buildspec's YAML when `buildspecs/<action>.yml` exists at synth (escaped for Terraform, so
   * bash's `${VAR:-default}` reaches CodeBuild as written), else its path in the source.
   */
  readonly buildspecs: Record<BuildAction, string>;
  readonly buildTimeoutMinutes: number;
  /** True when infrabot.yaml has a `cdn` or `logs` section: the self-service worker Lambda is deployed. */
  readonly selfService: boolean;

  constructor(
    readonly inputs: DeployInputs,
    readonly deployConfig: DeployConfig,
    readonly repoRoot: string,
  ) {
    this.config = deployConfig.found ? deployConfig.config : undefined;
    this.stacks = this.config?.stacks ?? [];
    this.repository = this.config?.repository ?? placeholderRepository;
    this.buildspecs = { plan: this.buildspec('plan'), apply: this.buildspec('apply') };
    const fromConfig = this.config ? Math.ceil(this.config.jobs.timeout / 60_000) : 60;
    this.buildTimeoutMinutes = inputs.codebuild.timeoutMinutes ?? Math.min(Math.max(fromConfig, 5), 2160);
    this.selfService = Boolean(this.config?.cdn || this.config?.logs);
  }

  /** The project (and its role and log group) running `action` for one stack, as the dispatcher names it. */
  projectName(action: BuildAction, stack: StackConfig): string {
    return buildProjectName(this.inputs.namePrefix, action, stack.name);
  }

  private buildspec(action: BuildAction): string {
    const relative = `${this.inputs.buildspecsDir}/${action}.yml`;
    const path = resolve(this.repoRoot, relative);
    return existsSync(path) ? terraformLiteral(readFileSync(path, 'utf8')) : relative;
  }
}
