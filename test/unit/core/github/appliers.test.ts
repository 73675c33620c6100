import { describe, expect, it } from 'vitest';
import { mayApplyFromPr, mayUseFromPr, teamsIn } from '../../../../core/github/appliers';

const base = { login: 'alice', repository: 'example-org/infra', stack: 'net', memberOf: [] as string[] };

describe('who may use infrabot from a PR', () => {
  it('needs write permission, and says what the user has', () => {
    expect(mayUseFromPr('alice', 'write', 'example-org/infra')).toEqual({ ok: true });
    expect(mayUseFromPr('alice', 'maintain', 'example-org/infra')).toEqual({ ok: true });
    expect(mayUseFromPr('eve', 'read', 'example-org/infra')).toEqual({
      ok: false,
      reason: '@eve has only read permission on example-org/infra; infrabot commands need write permission',
    });
    expect(mayUseFromPr('eve', 'none', 'example-org/infra')).toMatchObject({
      reason: expect.stringContaining('no permission'),
    });
  });

  it('lets anyone with write permission apply when the stack lists no GitHub appliers', () => {
    expect(mayApplyFromPr({ ...base, permission: 'write' })).toEqual({ ok: true });
    expect(mayApplyFromPr({ ...base, permission: 'triage' }).ok).toBe(false);
  });

  it('narrows applying to the listed logins and members of the listed teams', () => {
    const githubAppliers = ['Alice', 'example-org/sre'];

    expect(mayApplyFromPr({ ...base, permission: 'write', githubAppliers })).toEqual({ ok: true });
    expect(
      mayApplyFromPr({ ...base, login: 'bob', permission: 'write', githubAppliers, memberOf: ['example-org/SRE'] }),
    ).toEqual({
      ok: true,
    });
    expect(mayApplyFromPr({ ...base, login: 'carol', permission: 'admin', githubAppliers })).toEqual({
      ok: false,
      reason: '@carol may not apply net: only @Alice, @example-org/sre may',
    });
  });

  it('still needs write permission from a listed login', () => {
    expect(mayApplyFromPr({ ...base, permission: 'read', githubAppliers: ['alice'] }).ok).toBe(false);
  });

  it('picks the teams out of the appliers list', () => {
    expect(teamsIn(['alice', 'example-org/sre', 'example-org/platform'])).toEqual([
      'example-org/sre',
      'example-org/platform',
    ]);
    expect(teamsIn(undefined)).toEqual([]);
  });
});
