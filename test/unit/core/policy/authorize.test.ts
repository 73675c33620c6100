import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import type { Lock } from '../../../../core/locks/lock';
import { mayCancel, mayUnlock } from '../../../../core/policy/authorize';
import { FakeDirectory } from '../../../fakes/fake-ports';
import { mainSha, testConfig } from '../../../fixtures/config';

const config = testConfig();
const directory = new FakeDirectory();

function lock(owner: Lock['owner'], heldBy: string): Lock {
  return {
    stack: 'aws/prod/network',
    owner,
    heldBy,
    acquiredAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-02T00:00:00.000Z',
  };
}

function job(requestedBy: Job['requestedBy']): Job {
  return {
    id: 'j-test-0001',
    action: 'plan',
    stack: 'aws/prod/network',
    sha: mainSha,
    requestedBy,
    status: 'running',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('mayUnlock', () => {
  it('lets the Slack user whose job holds the lock, and an admin, remove it', async () => {
    const held = lock({ kind: 'job', jobId: 'j-test-0001' }, 'UALICE');

    expect(await mayUnlock(held, 'UALICE', config, directory)).toEqual({ allowed: true });
    expect(await mayUnlock(held, 'UADMIN', config, directory)).toEqual({ allowed: true });
    expect((await mayUnlock(held, 'UBOB', config, directory)).allowed).toBe(false);
  });

  it('lets only an admin remove a PR’s lock from Slack, even for a user whose ID is the GitHub login that took it', async () => {
    const held = lock({ kind: 'pr', pr: 12 }, 'U0LOOKALIKE');

    expect((await mayUnlock(held, 'U0LOOKALIKE', config, directory)).allowed).toBe(false);
    expect(await mayUnlock(held, 'UADMIN', config, directory)).toEqual({ allowed: true });
  });
});

describe('mayCancel', () => {
  it('lets the Slack user who asked for the job, and an admin, cancel it', async () => {
    const asked = job({ source: 'slack', id: 'UALICE' });

    expect(await mayCancel(asked, 'UALICE', config, directory)).toEqual({ allowed: true });
    expect(await mayCancel(asked, 'UADMIN', config, directory)).toEqual({ allowed: true });
    expect((await mayCancel(asked, 'UBOB', config, directory)).allowed).toBe(false);
  });

  it('lets only an admin cancel a job asked for from GitHub, even for a user whose ID is that login', async () => {
    const asked = job({ source: 'github', id: 'U0LOOKALIKE' });

    expect((await mayCancel(asked, 'U0LOOKALIKE', config, directory)).allowed).toBe(false);
    expect(await mayCancel(asked, 'UADMIN', config, directory)).toEqual({ allowed: true });
  });
});
