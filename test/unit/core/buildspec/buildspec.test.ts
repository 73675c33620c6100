import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseBuildspec } from '../../../../core/buildspec/buildspec';
import { CODEBUILD_ONLY_MARKER, describeCommand, isCodeBuildOnly, stepsFor } from '../../../../core/buildspec/steps';
import { buildspecDir } from '../../../support/run-spec';

const readSpec = (name: string) => parse(readFileSync(join(buildspecDir, name), 'utf8'));

describe('parseBuildspec', () => {
  it.each(['plan.yml', 'apply.yml'])('accepts the shipped %s', (name) => {
    // Act
    const result = parseBuildspec(readSpec(name));

    // Assess
    expect(result.ok).toBe(true);
  });

  it('names an unquoted command that YAML read as a mapping', () => {
    // Prepare
    const document = parse(
      'version: 0.2\nenv:\n  shell: bash\nphases:\n  build:\n    commands:\n      - echo infrabot: hi\n',
    );

    // Act
    const result = parseBuildspec(document);

    // Assess
    expect(result).toEqual({
      ok: false,
      error:
        'invalid buildspec: phases.build.commands.0: expected a command as a string (quote commands that contain ": ")',
    });
  });

  it('refuses another shell, version or phase name', () => {
    // Act
    const result = parseBuildspec({ version: 0.1, env: { shell: 'sh' }, phases: { deploy: {} } });

    // Assess
    expect(result.ok).toBe(false);
    const error = result.ok ? '' : result.error;
    expect(error).toContain('version: expected version 0.2');
    expect(error).toContain('env.shell: expected shell: bash');
    expect(error).toContain('phases: Unrecognized key: "deploy"');
  });

  it('turns numeric and boolean variables into strings', () => {
    // Act
    const result = parseBuildspec({ version: '0.2', env: { shell: 'bash', variables: { A: 1, B: true } }, phases: {} });

    // Assess
    expect(result.ok && result.buildspec.env.variables).toEqual({ A: '1', B: 'true' });
  });
});

describe('stepsFor', () => {
  const buildspec = {
    version: 0.2 as const,
    env: { shell: 'bash' as const, variables: {} },
    phases: {
      post_build: { commands: ['echo after'], finally: [] },
      install: { commands: [`${CODEBUILD_ONLY_MARKER}\nsetup-role`], finally: [] },
      build: {
        commands: ['echo one', `${CODEBUILD_ONLY_MARKER}\naws s3 cp a b`, 'echo two'],
        finally: [`  ${CODEBUILD_ONLY_MARKER}  \nupload`],
        'on-failure': 'CONTINUE' as const,
      },
    },
  };

  it('gives CodeBuild every command in phase order', () => {
    // Act
    const steps = stepsFor(buildspec, 'codebuild');

    // Assess
    expect(steps.map((phase) => [phase.phase, phase.commands.length, phase.finally.length])).toEqual([
      ['install', 1, 0],
      ['build', 3, 1],
      ['post_build', 1, 0],
    ]);
    expect(steps[1]?.continueOnFailure).toBe(true);
  });

  it('skips CodeBuild-only commands locally and drops phases left empty', () => {
    // Act
    const steps = stepsFor(buildspec, 'local');

    // Assess
    expect(steps).toEqual([
      { phase: 'build', commands: ['echo one', 'echo two'], finally: [], continueOnFailure: true },
      { phase: 'post_build', commands: ['echo after'], finally: [], continueOnFailure: false },
    ]);
  });

  it('keeps in the local steps of the shipped plan every terraform command', () => {
    // Prepare
    const parsed = parseBuildspec(readSpec('plan.yml'));
    if (!parsed.ok) throw new Error(parsed.error);

    // Act
    const local = stepsFor(parsed.buildspec, 'local').flatMap((phase) => [...phase.commands, ...phase.finally]);
    const codebuild = stepsFor(parsed.buildspec, 'codebuild').flatMap((phase) => [...phase.commands, ...phase.finally]);

    // Assess
    expect(local.filter((command) => command.includes('$INFRABOT_TF_BINARY" -chdir'))).toHaveLength(4);
    expect(codebuild.filter(isCodeBuildOnly)).toHaveLength(8);
    expect(local.some((command) => /\baws\b/.test(command))).toBe(false);
  });
});

describe('isCodeBuildOnly and describeCommand', () => {
  it('only counts the marker on the first line', () => {
    // Act
    const marked = isCodeBuildOnly(`${CODEBUILD_ONLY_MARKER}\nrun`);
    const notFirst = isCodeBuildOnly(`run\n${CODEBUILD_ONLY_MARKER}`);

    // Assess
    expect([marked, notFirst]).toEqual([true, false]);
  });

  it('describes a command by its first line that is not a comment, shortened', () => {
    // Act
    const described = describeCommand('# why\n\n  terraform plan\nmore');
    const long = describeCommand('x'.repeat(300), 10);

    // Assess
    expect(described).toBe('terraform plan');
    expect(long).toBe(`${'x'.repeat(9)}…`);
  });
});
