import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config, Provider } from '../core/config/schema';
import type { DeployConfig } from './config-file';
import type { DeployInputs } from './inputs';
import { terraformLiteral } from './literal';

export type BuildAction = 'plan' | 'apply';

/** The CodeBuild project running `action` for stacks of `provider`. */
export function buildProjectName(namePrefix: string, action: BuildAction, provider: Provider): string {
  return `${namePrefix}-${action}-${provider}`;
}

/** Used as the CodeBuild source when infrabot.yaml is missing, so synth still works; never deploy it. */
export const placeholderRepository = 'example-org/terraform';

/**
 * Everything the constructs need, derived once from the inputs and infrabot.yaml: which providers get
 * CodeBuild projects, the stack roles each project may assume, the buildspecs and the build timeout.
 */
export class DeployModel {
  readonly config: Config | undefined;
  /** Providers with stacks, `aws` first (its projects are the defaults); just `aws` without a config. */
  readonly providers: Provider[];
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
    this.providers = providersOf(this.config);
    this.repository = this.config?.repository ?? placeholderRepository;
    this.buildspecs = { plan: this.buildspec('plan'), apply: this.buildspec('apply') };
    const fromConfig = this.config ? Math.ceil(this.config.jobs.timeout / 60_000) : 60;
    this.buildTimeoutMinutes = inputs.codebuild.timeoutMinutes ?? Math.min(Math.max(fromConfig, 5), 2160);
    this.selfService = Boolean(this.config?.cdn || this.config?.logs);
  }

  /** The distinct stack role ARNs for `action` of the stacks of `provider`, in config order. */
  stackRoles(action: BuildAction, provider: Provider): string[] {
    const stacks = this.config?.stacks.filter((stack) => stack.provider === provider) ?? [];
    return [...new Set(stacks.map((stack) => stack.roles[action]))];
  }

  /** The project name for an action and provider. */
  projectName(action: BuildAction, provider: Provider): string {
    return buildProjectName(this.inputs.namePrefix, action, provider);
  }

  /** Every CodeBuild project name, for the EventBridge rule and the dispatcher's grants. */
  get projectNames(): string[] {
    return this.providers.flatMap((provider) => [
      this.projectName('plan', provider),
      this.projectName('apply', provider),
    ]);
  }

  private buildspec(action: BuildAction): string {
    const relative = `${this.inputs.buildspecsDir}/${action}.yml`;
    const path = resolve(this.repoRoot, relative);
    return existsSync(path) ? terraformLiteral(readFileSync(path, 'utf8')) : relative;
  }
}

function providersOf(config: Config | undefined): Provider[] {
  const used = new Set<Provider>(config?.stacks.map((stack) => stack.provider) ?? ['aws']);
  const order: Provider[] = ['aws', 'google', 'github', 'newrelic'];
  return order.filter((provider) => used.has(provider));
}
