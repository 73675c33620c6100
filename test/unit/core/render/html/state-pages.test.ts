import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../../core/jobs/job';
import type { Lock } from '../../../../../core/locks/lock';
import type { AuditEntry } from '../../../../../core/ports';
import { auditPageHtml, jobsPageHtml, locksPageHtml } from '../../../../../core/render/html/state-pages';

const job: Job = {
  id: 'j-abc1-def2',
  action: 'plan',
  stack: 'demo/<app>',
  sha: 'b'.repeat(40),
  ref: 'feature/<b>',
  requestedBy: { source: 'slack', id: 'UDEMOADA', name: 'Ada' },
  status: 'succeeded',
  createdAt: '2026-12-06T10:00:00.000Z',
};

const lock: Lock = {
  stack: 'demo/app',
  owner: { kind: 'job', jobId: 'j-abc1-def2' },
  activeJobId: 'j-abc1-def2',
  heldBy: 'UDEMOADA',
  acquiredAt: '2026-12-06T10:00:00.000Z',
  expiresAt: '2026-12-06T12:00:00.000Z',
};

const filterOptions = { stacks: ['demo/app', 'demo/network'], statuses: ['running', 'failed'] as const };

describe('the state pages', () => {
  it('lists each lock with who holds it and links the job under it', () => {
    const html = locksPageHtml([lock, { ...lock, stack: 'demo/network', owner: { kind: 'pr', pr: 7 } }], 'n');

    expect(html).toContain('<a href="/jobs/j-abc1-def2">j-abc1-def2</a>');
    expect(html).toContain('pull request #7');
    expect(html).toContain('<a href="/locks">locks</a>');
  });

  it('says so when no stack is locked, nothing matches or nothing was audited', () => {
    expect(locksPageHtml([], 'n')).toContain('No stack is locked.');
    expect(jobsPageHtml([], filterOptions, 'n')).toContain('No job matches.');
    expect(auditPageHtml([], 'n')).toContain('Nothing has been audited yet.');
  });

  it('lists jobs with their links, escaping every value, and keeps the filter chosen', () => {
    const html = jobsPageHtml([job], { ...filterOptions, stack: 'demo/app', status: 'failed' }, 'n');

    expect(html).toContain('<a href="/jobs/j-abc1-def2">');
    expect(html).toContain('demo/&lt;app&gt;');
    expect(html).toContain('feature/&lt;b&gt;');
    expect(html).not.toContain('<app>');
    expect(html).toContain('<option value="demo/app" selected>');
    expect(html).toContain('<option value="failed" selected>');
  });

  it('tells what was wrong with a filter', () => {
    const html = jobsPageHtml([], { ...filterOptions, problem: 'status must be one of <these>' }, 'n');

    expect(html).toContain('status must be one of &lt;these&gt;');
  });

  it('shows the audit trail: who, what, to what, how it ended, and the job', () => {
    const entry: AuditEntry = {
      at: '2026-12-06T10:00:00.000Z',
      actor: { source: 'slack', id: 'UDEMODEV', name: 'Dev' },
      action: 'tf.apply',
      target: 'demo/app',
      outcome: 'refused',
      jobId: 'j-abc1-def2',
      detail: 'only the appliers of demo/app may apply it: <@platform>',
    };

    const html = auditPageHtml([entry], 'n');

    expect(html).toContain('Dev via slack');
    expect(html).toContain('tf.apply');
    expect(html).toContain('refused');
    expect(html).toContain('&lt;@platform&gt;');
    expect(html).toContain('<a href="/jobs/j-abc1-def2">');
  });
});
