import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capture } from '../../../../adapters/local/run-process';
import { findBwrap, sandboxedBy } from '../../../../adapters/local/sandbox';
import { tempDir } from '../../../support/git-repo';

/** A state directory with the store, another job's saved plan, and this build's own job directory. */
function stateWithAnotherJob() {
  const stateDir = tempDir('sandbox-state');
  const repoDir = tempDir('sandbox-repo');
  for (const dir of ['jobs/j-other', 'jobs/j-mine', 'worktrees/j-mine'])
    mkdirSync(join(stateDir, dir), { recursive: true });
  writeFileSync(join(stateDir, 'state.db'), 'the store');
  writeFileSync(join(stateDir, 'jobs/j-other/tfplan'), 'reviewed plan');
  return { stateDir, repoDir };
}

describe('the bubblewrap sandbox of local builds', () => {
  it('hides the state directory from a build except its own job', async () => {
    // Prepare
    const bwrap = await findBwrap(process.env);
    expect(bwrap, 'bwrap (Debian bubblewrap) is installed by .ci/run').toBeDefined();
    const { stateDir, repoDir } = stateWithAnotherJob();
    const wrap = sandboxedBy(String(bwrap), {
      stateDir,
      repoDir,
      writable: [join(stateDir, 'jobs/j-mine'), join(stateDir, 'worktrees/j-mine')],
      readable: [],
    });
    const attack = [
      `cat ${stateDir}/state.db && echo read-store`,
      `echo forged > ${stateDir}/jobs/j-other/tfplan && echo wrote-other-plan`,
      `echo hook > ${repoDir}/hook && echo wrote-repo`,
      `echo mine > ${stateDir}/jobs/j-mine/plan.txt && echo wrote-own`,
    ].join('; ');

    // Act
    const { command, args } = wrap('/bin/bash', ['-c', attack]);
    const run = await capture(command, args, '/');

    // Assess
    expect(run.stdout.trim().split('\n')).toEqual(['wrote-own']);
    expect(readFileSync(join(stateDir, 'jobs/j-other/tfplan'), 'utf8')).toBe('reviewed plan');
    expect(readFileSync(join(stateDir, 'jobs/j-mine/plan.txt'), 'utf8')).toBe('mine\n');
  });
});
