import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../../../core/plan/summarize';
import { GITHUB_COMMENT_LIMIT, renderPlanComment } from '../../../../../core/render/markdown/plan-comment';
import { syntheticPlan, syntheticPlanText } from '../../../../fixtures/plans/synthetic-plan';
import { goldenContext, goldenFixtures } from '../../../../support/golden-cases';
import { planFixture, plantedSecrets } from '../../../../support/plan-fixtures';

// Goldens live in test/fixtures/golden/markdown; after an intended change run `npx vitest run -u` and review the diff.
describe('renderPlanComment', () => {
  it.each(goldenFixtures)('renders %s as its golden comment', async (name) => {
    const summary = summarizePlan(planFixture(`${name}.json`));

    const comment = renderPlanComment(summary, goldenContext(name));

    await expect(comment).toMatchFileSnapshot(`../../../../fixtures/golden/markdown/${name}.md`);
  });

  it.each(goldenFixtures)('shows no value from the plan JSON of %s', (name) => {
    // The plan text is rendered as is (Terraform masks what it knows is sensitive), so it is left out here.
    const { planText: _text, ...ctx } = goldenContext(name);

    const comment = renderPlanComment(summarizePlan(planFixture(`${name}.json`)), ctx);

    for (const secret of plantedSecrets) expect(comment).not.toContain(secret);
  });

  it('starts with the hidden marker line', () => {
    const comment = renderPlanComment(summarizePlan(planFixture('real-1.2-mixed.json')), { stack: 'gcp/dev/app' });

    expect(comment.split('\n')[0]).toBe('<!-- infrabot:stack=gcp/dev/app -->');
  });

  it('lists deletions and replacements before anything else', () => {
    const comment = renderPlanComment(summarizePlan(planFixture('v0.1-actions.json')), { stack: 's' });

    const order = ['#### Delete', '#### Replace', '#### Create', '#### Update', '#### Read'].map((heading) =>
      comment.indexOf(heading),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(comment).toContain('> [!WARNING]');
  });

  it('keeps plan text that holds fences and </details> inside its block', () => {
    const ctx = { stack: 's', planText: planFixture('v1.2-tricky-names.txt') };

    const comment = renderPlanComment(summarizePlan(planFixture('v1.2-tricky-names.json')), ctx);

    expect(comment.match(/^<\/details>$/gm)).toHaveLength(1);
    expect(comment).toContain('<\u200b/details>');
    expect(comment).toContain('````text\n');
  });

  it('shows the risk flags before the resource list, each with its rule, resource and reason', () => {
    const summary = summarizePlan(planFixture('risky-plan.json'));

    const comment = renderPlanComment(summary, { stack: 'aws/prod/data' });

    const flag = comment.indexOf('- **public-exposure**: `aws_security_group_rule.ssh` opens port 22 from 0.0.0.0/0');
    expect(flag).toBeGreaterThan(0);
    expect(flag).toBeLessThan(comment.indexOf('#### Replace (1)'));
    expect(comment).not.toContain('SECRET-');
  });
});

describe('the 65,536-character bound', () => {
  it('keeps the risk flags when a huge plan is cut to fit', () => {
    const summary = summarizePlan(syntheticPlan({ changes: 50_000 }));

    const comment = renderPlanComment(summary, { stack: 'aws/prod/big', planText: syntheticPlanText(50_000) });

    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain('- **mass-destroy**: 5,000 resources will be deleted or replaced (more than 20)');
  });

  const plan = syntheticPlan({ changes: 20_000, deletes: 7, replaces: 3 });
  const summary = summarizePlan(plan);
  const ctx = { stack: 'aws/prod/big', planText: syntheticPlanText(20_000), logUrl: 'https://logs.example.com/j-9' };

  it('never exceeds the limit on a huge plan', () => {
    const comment = renderPlanComment(summary, ctx);

    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it('keeps every deletion and replacement visible', () => {
    const comment = renderPlanComment(summary, ctx);

    const destroyed = summary.changes.filter((change) => change.action === 'delete' || change.action === 'replace');
    expect(destroyed).toHaveLength(10);
    for (const change of destroyed) expect(comment).toContain(`\`${change.address}\``);
  });

  it('says how much was left out and where the full log is', () => {
    const comment = renderPlanComment(summary, ctx);

    expect(comment).toMatch(/left out [\d,]+ list entries and [\d,]+ lines of plan output/);
    expect(comment).toContain('(https://logs.example.com/j-9)');
  });

  it('cuts the plan text before any list', () => {
    const small = summarizePlan(syntheticPlan({ changes: 50 }));

    const comment = renderPlanComment(small, { stack: 's', planText: syntheticPlanText(20_000) });

    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain(`#### Create (${small.counts.create})`);
    expect(comment).not.toMatch(/…and [\d,]+ more, left out/);
    expect(comment).toMatch(/more lines left out to fit/);
  });

  it('says how many more deletions there are when not even they fit', () => {
    const doomed = summarizePlan(syntheticPlan({ changes: 5_000, deletes: 5_000, replaces: 0 }));

    const comment = renderPlanComment(doomed, { stack: 's' });

    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain('#### Delete (5,000)');
    expect(comment).toMatch(/- …and [\d,]+ more, left out to fit/);
  });
});
