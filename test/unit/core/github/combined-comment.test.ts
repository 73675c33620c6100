import { describe, expect, it } from 'vitest';
import { combinedMarker, renderCombinedComment } from '../../../../core/github/combined-comment';
import { maxCommentLength } from '../../../../core/github/markers';
import type { Job } from '../../../../core/jobs/job';
import type { PlanSummary, ResourceChange } from '../../../../core/plan/summary';
import { changes, noChanges } from '../../../fakes/github-world';

const sha = 'd'.repeat(40);

function job(stack: string, overrides: Partial<Job> = {}): Job {
  return {
    id: `j-${stack.replace(/\W/g, '')}`,
    action: 'plan',
    stack,
    sha,
    pr: 7,
    requestedBy: { source: 'github', id: 'alice' },
    status: 'succeeded',
    createdAt: '2026-11-01T12:00:00Z',
    build: { id: 'b', logUrl: `https://logs.example/${stack}` },
    summary: changes(),
    ...overrides,
  };
}

/** A plan that creates `count` resources with long addresses: a big section. */
function bigPlan(count: number): PlanSummary {
  const created: ResourceChange[] = Array.from({ length: count }, (_, i) => ({
    address: `module.shared.aws_security_group_rule.rule_with_a_rather_long_name_${i}`,
    type: 'aws_security_group_rule',
    action: 'create',
  }));
  return { ...changes({ create: count }), changes: created };
}

describe('renderCombinedComment', () => {
  it('puts the table first, then failed and destroying stacks before the others, each collapsed', () => {
    const jobs = [
      job('aws/a-changes'),
      job('aws/b-none', { summary: noChanges() }),
      job('aws/c-destroys', { summary: changes({ delete: 2 }) }),
      job('aws/d-failed', { status: 'failed', reason: 'the build failed', summary: undefined }),
      job('aws/e-running', { status: 'running', summary: undefined }),
    ];

    const [part, ...rest] = renderCombinedComment(jobs, 'plan', sha);

    expect(rest).toEqual([]);
    const body = part?.body ?? '';
    expect(body.split('\n')[0]).toBe(combinedMarker('plan', 1));
    expect(body).toContain('1 failed · 1 destroying · 1 changing · 1 without changes · 1 still running');
    const table = body.indexOf('| stack | result |');
    const order = ['aws/d-failed', 'aws/c-destroys', 'aws/a-changes', 'aws/e-running', 'aws/b-none'].map((stack) =>
      body.indexOf(`| \`${stack}\``),
    );
    expect(table).toBeGreaterThan(0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(body).toContain('<details><summary>❌ plan failed: `aws/d-failed`</summary>');
    expect(body).toContain('**Why:** the build failed');
    expect(body.indexOf('<summary>❌')).toBeLessThan(body.indexOf('<summary>⚠️'));
  });

  it('shortens the sections of stacks without changes before splitting', () => {
    const jobs = [
      job('aws/big', { summary: bigPlan(500) }),
      ...Array.from({ length: 40 }, (_, i) => job(`aws/quiet-${i}`, { summary: noChanges() })),
    ];

    const parts = renderCombinedComment(jobs, 'plan', sha, { maxParts: 3, partLimit: 40_000 });

    const all = parts.map((part) => part.body).join('\n');
    expect(all).toContain('- ✅ no changes: `aws/quiet-0`');
    expect(all).not.toContain('<summary>✅ no changes: `aws/quiet-0`</summary>');
  });

  it('splits into as few parts as fit, each within the limit and marked to be updated in place', () => {
    const jobs = Array.from({ length: 60 }, (_, i) => job(`aws/app/svc-${i}`, { summary: bigPlan(120) }));

    const parts = renderCombinedComment(jobs, 'plan', sha);

    expect(parts.length).toBeGreaterThan(1);
    expect(parts.length).toBeLessThanOrEqual(3);
    expect(parts.map((part) => part.marker)).toEqual(parts.map((_, i) => combinedMarker('plan', i + 1)));
    for (const part of parts) {
      expect(part.body.length).toBeLessThanOrEqual(maxCommentLength - 200);
      expect(part.body.startsWith(`${part.marker}\n`)).toBe(true);
    }
    for (const each of jobs) expect(parts[0]?.body).toContain(`| \`${each.stack}\` | 📝 changes |`);
    expect(parts[0]?.body).toContain(`Continued in the next comment (2 of ${parts.length})`);
  });

  it('names an apply’s stacks as applied under the apply marker', () => {
    const jobs = Array.from({ length: 6 }, (_, i) => job(`aws/s${i}`, { action: 'apply' }));

    const [part] = renderCombinedComment(jobs, 'apply', sha);

    expect(part?.marker).toBe(combinedMarker('apply', 1));
    expect(part?.body).toContain('| `aws/s5` | ✅ applied |');
  });
});
