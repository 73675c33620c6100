import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseBuildspec } from '../../../core/buildspec/buildspec';
import { stepsFor } from '../../../core/buildspec/steps';
import { tempDir } from '../../support/git-repo';

const root = new URL('../../..', import.meta.url).pathname;

function installStep(file: string): string {
  const parsed = parseBuildspec(parse(readFileSync(join(root, 'buildspecs', file), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  const step = stepsFor(parsed.buildspec, 'codebuild')
    .flatMap((phase) => phase.commands)
    .find((command) => command.includes('releases.hashicorp.com'));
  if (!step) throw new Error(`no install step in ${file}`);
  return step;
}

/** Stand-ins for curl and unzip that record their arguments; curl serves a zip and a checksum file. */
function standIns(sumsMatch: boolean) {
  const dir = tempDir('tf-install');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'calls.log');
  const digest = spawnSync('sha256sum', { input: 'zip-bytes' }).stdout.toString().split(' ')[0];
  const sums = sumsMatch ? digest : '0'.repeat(64);
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script(
    'curl',
    `out=""; url=""; while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; -*) ;; *) url="$1";; esac; shift; done
case "$url" in *SHA256SUMS) printf '%s  terraform_1.11.4_linux_amd64.zip\\n' "${sums}" > "$out";; *) printf 'zip-bytes' > "$out";; esac`,
  );
  script('unzip', 'true');
  script('uname', 'echo x86_64');
  return { dir, bin, log };
}

function run(step: string, bin: string, dir: string) {
  const work = join(dir, 'work');
  mkdirSync(work, { recursive: true });
  return spawnSync('bash', ['-c', step], {
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      INFRABOT_TF_BINARY: 'terraform',
      INFRABOT_TF_VERSION: '1.11.4',
      INFRABOT_WORK_DIR: work,
    },
    encoding: 'utf8',
  });
}

describe('the Terraform install step', () => {
  for (const file of ['plan.yml', 'apply.yml']) {
    it(`installs the pinned release when the image has none, after checking its checksum (${file})`, () => {
      const { dir, bin, log } = standIns(true);

      const result = run(installStep(file), bin, dir);

      expect(result.status).toBe(0);
      const calls = readFileSync(log, 'utf8');
      expect(calls).toContain(
        'curl -fsSL -o /tmp/terraform_1.11.4_linux_amd64.zip https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_linux_amd64.zip',
      );
      expect(calls).toContain('unzip -o -q /tmp/terraform_1.11.4_linux_amd64.zip terraform -d /usr/local/bin');
    });
  }

  it('fails the build when the download does not match HashiCorp checksum', () => {
    const { dir, bin, log } = standIns(false);

    const result = run(installStep('plan.yml'), bin, dir);

    expect(result.status).not.toBe(0);
    expect(readFileSync(log, 'utf8')).not.toContain('unzip');
  });

  it('installs nothing when the image already has terraform', () => {
    const { dir, bin, log } = standIns(true);
    writeFileSync(join(bin, 'terraform'), '#!/bin/bash\n');
    chmodSync(join(bin, 'terraform'), 0o755);

    const result = run(installStep('plan.yml'), bin, dir);

    expect(result.status).toBe(0);
    expect(existsSync(log)).toBe(false);
  });
});
