import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSpec, stack } from '../../../support/run-spec';
import { createHarness, type Harness } from './local-runner-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

/**
 * Planned code that cannot reach the store (the sandbox hides it) but links files into its job and scratch
 * directories to it: where the runner once kept the next command (it now passes each command inline) and the
 * build's end record, which the bot writes.
 */
const linkToStore = [
  'state=$(dirname "$(dirname "$INFRABOT_ARTIFACT_DIR")")',
  'ln -sf "$state/state.db" "$(dirname "$INFRABOT_WORK_DIR")/steps/command.sh"',
  'ln -sf "$state/state.db" "$INFRABOT_ARTIFACT_DIR/build.json"',
].join('; ');

describe('LocalRunner and the files a build leaves where the bot writes', () => {
  it('runs the next command and writes the build record in place of links a build left, never through them', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_RUN_PLAN: linkToStore } });
    const store = join(harness.stateDir, 'state.db');
    writeFileSync(store, 'the store');

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-links', sha: harness.repos.firstSha }));
    const outcome = await harness.finished('j-links');

    // Assess: the store is untouched, the later steps ran, and the end is recorded where it belongs
    expect(readFileSync(store, 'utf8')).toBe('the store');
    expect(outcome.result).toBe('succeeded');
    expect(harness.artifact('j-links', 'plan.txt')).toContain('stand-in');
    const record = join(harness.stateDir, 'jobs', 'j-links', 'build.json');
    expect(lstatSync(record).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ result: 'succeeded' });
  });
});
