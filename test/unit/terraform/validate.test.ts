import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeInfrabot } from '../../../terraform/app';
import { DeployInputsSchema } from '../../../terraform/inputs';
import { type FreshClone, freshClone } from '../../support/fresh-clone';
import { tempDir } from '../../support/git-repo';
import {
  compareVersions,
  type Diagnostic,
  findValidationSetup,
  providerMirror,
  validateStack,
} from '../../support/terraform-validate';
import { everyOption, fakeBundles, fixtureConfig } from './synth';

/**
 * Attributes the deployment sets that the mirrored provider may be too old to know, each with the provider
 * version that added it. Validating against an older provider accepts exactly these diagnostics and no other.
 */
const newerThanMirror = [
  { resource: 'aws_lambda_permission', attribute: 'invoked_via_function_url', since: '6.29.0' },
] as const;

const setup = findValidationSetup();
const made: string[] = [];
const temp = () => {
  const dir = tempDir('validate');
  made.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The diagnostics validation against `awsVersion` must report: one per attribute that version does not know. */
function expectedDiagnostics(awsVersion: string) {
  return newerThanMirror
    .filter(({ since }) => compareVersions(awsVersion, since) < 0)
    .map(({ resource, attribute }) => ({
      severity: 'error',
      summary: 'Extraneous JSON object property',
      detail: `No argument or block type is named "${attribute}".`,
      snippet: expect.objectContaining({ context: expect.stringMatching(new RegExp(`^resource\\.${resource}\\.`)) }),
    }));
}

/** The diagnostics without their positions, for a readable comparison. */
const essentials = (diagnostics: Diagnostic[]) =>
  diagnostics.map(({ severity, summary, detail, snippet }) => ({ severity, summary, detail, snippet }));

describe('terraform validate of the synthesized deployment', () => {
  if (!setup.ok) {
    // A machine without terraform or the mirror fails this, saying why: the deployment is never passed unvalidated.
    it(`cannot run: ${setup.reason}`, () => {
      throw new Error(
        `terraform validate of the deployment cannot run: ${setup.reason}. CI machines provide terraform and the hashicorp/aws mirror at ${providerMirror}`,
      );
    });
    return;
  }
  const { awsVersion } = setup;

  it('validates with every option on and buildspecs full of shell parameter expansions', async () => {
    // Prepare
    const inputs = DeployInputsSchema.parse({
      ...everyOption,
      configPath: fixtureConfig,
      bundlesDir: fakeBundles(),
      buildspecsDir: 'test/fixtures/deploy/buildspecs',
      backend: { s3: { bucket: 'team-terraform-state' } },
      github: { appId: 42 },
    });
    const { stackFile } = synthesizeInfrabot(inputs, temp());
    const buildspec = JSON.parse(readFileSync(stackFile, 'utf8')).resource.aws_codebuild_project;

    // Act
    const diagnostics = await validateStack(stackFile, setup);

    // Assess
    expect(essentials(diagnostics)).toEqual(expectedDiagnostics(awsVersion));
    expect(JSON.stringify(buildspec)).toContain('$${X:-y} $${INFRABOT_STACK} %%{ if true }');
  }, 180_000);

  describe('a fresh clone with terraform/inputs.example.json copied to terraform/inputs.json', () => {
    let clone: FreshClone;
    let synth: { stdout: string; stderr: string };

    beforeAll(async () => {
      clone = freshClone(temp());
      clone.copy('terraform/inputs.example.json', 'terraform/inputs.json');
      synth = await clone.npm('run', 'synth');
    }, 120_000);

    it('synthesizes with the default infrabot.yaml', () => {
      expect(synth.stdout).toContain(`wrote ${clone.path('terraform/cdktf.out/stacks/infrabot/cdk.tf.json')}`);
    });

    it('validates, buildspecs included', async () => {
      // Act
      const diagnostics = await validateStack(clone.path('terraform/cdktf.out/stacks/infrabot/cdk.tf.json'), setup);

      // Assess
      expect(essentials(diagnostics)).toEqual(expectedDiagnostics(awsVersion));
    }, 180_000);
  });
});
