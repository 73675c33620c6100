import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `terraform validate` of a synthesized deployment with the real terraform and the real hashicorp/aws provider,
 * offline: the provider comes from a filesystem mirror (`INFRABOT_TF_PROVIDER_MIRROR`, default /opt/tf-plugins,
 * laid out as `registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/`), never from the registry.
 */
export const providerMirror = process.env.INFRABOT_TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';

const awsProvider = 'registry.terraform.io/hashicorp/aws';

/** What validation needs on this machine, or why it cannot run here. */
export type ValidationSetup = { ok: true; mirror: string; awsVersion: string } | { ok: false; reason: string };

/** One diagnostic of `terraform validate -json`. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  /** Where it is, such as `resource.aws_lambda_permission.bot-url_invoke-via-url_00D3A182`. */
  snippet?: { context?: string | null };
}

/** Finds terraform on PATH and the newest mirrored hashicorp/aws for this platform. */
export function findValidationSetup(mirror = providerMirror): ValidationSetup {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
  } catch {
    return { ok: false, reason: 'no terraform on PATH' };
  }
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const versionsDir = join(mirror, awsProvider);
  const versions = existsSync(versionsDir)
    ? readdirSync(versionsDir).filter((version) => existsSync(join(versionsDir, version, platform)))
    : [];
  const awsVersion = versions.sort(compareVersions).at(-1);
  if (!awsVersion) {
    return {
      ok: false,
      reason: `no hashicorp/aws provider for ${platform} in the filesystem mirror ${versionsDir} (set INFRABOT_TF_PROVIDER_MIRROR to the mirror's directory)`,
    };
  }
  return { ok: true, mirror, awsVersion };
}

/** Orders dotted versions numerically (5.100.0 after 5.99.1). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Validates the stack in `stackFile`'s folder and returns every diagnostic. The AWS provider constraint is
 * pinned to the mirror's version in that copy only (the deployment may require a newer one), and the CLI
 * configuration installs hashicorp/aws from the mirror alone.
 */
export async function validateStack(
  stackFile: string,
  setup: Extract<ValidationSetup, { ok: true }>,
): Promise<Diagnostic[]> {
  const dir = dirname(stackFile);
  const json = JSON.parse(readFileSync(stackFile, 'utf8')) as {
    terraform: { required_providers: { aws: { version: string } } };
  };
  json.terraform.required_providers.aws.version = setup.awsVersion;
  writeFileSync(stackFile, JSON.stringify(json, null, 2));
  const cliConfig = join(dir, 'validate.tfrc');
  writeFileSync(
    cliConfig,
    [
      'provider_installation {',
      `  filesystem_mirror {\n    path    = ${JSON.stringify(setup.mirror)}\n    include = ["${awsProvider}"]\n  }`,
      `  direct {\n    exclude = ["${awsProvider}"]\n  }`,
      '}',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env });
  // validate exits 1 when it finds errors; its JSON says what they are either way.
  const { stdout } = await run('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env }).catch(
    (error: { stdout?: string }) => {
      if (!error.stdout) throw error;
      return { stdout: error.stdout };
    },
  );
  return (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}
