import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../../../core/plan/summarize';
import { PLAN_BLOCKS_MAX, renderPlanBlocks } from '../../../../../core/render/slack/plan-blocks';
import { fitsSlackLimits, type SlackBlock, slackLimitProblems } from '../../../../../core/render/slack/slack-block';
import { syntheticPlan, syntheticPlanText } from '../../../../fixtures/plans/synthetic-plan';
import { goldenContext, goldenFixtures } from '../../../../support/golden-cases';
import { planFixture, plantedSecrets } from '../../../../support/plan-fixtures';

function allText(blocks: readonly SlackBlock[]): string {
  return JSON.stringify(blocks);
}

// Goldens live in test/fixtures/golden/slack; after an intended change run `npx vitest run -u` and review the diff.
describe('renderPlanBlocks', () => {
  it.each(goldenFixtures)('renders %s as its golden blocks', async (name) => {
    const summary = summarizePlan(planFixture(`${name}.json`));

    const blocks = renderPlanBlocks(summary, goldenContext(name));

    expect(slackLimitProblems(blocks)).toEqual([]);
    await expect(`${JSON.stringify(blocks, null, 2)}\n`).toMatchFileSnapshot(
      `../../../../fixtures/golden/slack/${name}.json`,
    );
  });

  it.each(goldenFixtures)('shows no value from the plan JSON of %s', (name) => {
    const { planText: _text, ...ctx } = goldenContext(name);

    const blocks = renderPlanBlocks(summarizePlan(planFixture(`${name}.json`)), ctx);

    for (const secret of plantedSecrets) expect(allText(blocks)).not.toContain(secret);
  });

  it('escapes mrkdwn control characters and backticks in addresses', () => {
    const blocks = renderPlanBlocks(summarizePlan(planFixture('v1.2-tricky-names.json')), { stack: 's' });

    const text = allText(blocks);
    expect(text).toContain('&lt;details&gt;&lt;/details&gt;');
    expect(text).toContain('&lt;!here&gt; &amp;amp;');
    expect(text).toContain('`aws_s3_bucket.b[\\"aˋbˋˋc\\"]`');
  });

  it('puts the warning right after the result when anything is deleted', () => {
    const blocks = renderPlanBlocks(summarizePlan(planFixture('real-1.2-mixed.json')), { stack: 's' });

    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Terraform plan for s' } });
    expect(allText([blocks[2] as SlackBlock])).toContain(':warning:');
    expect(allText([blocks[3] as SlackBlock])).toContain('*Delete (1)*');
  });

  it('shows the risk flags before the resource list', () => {
    const summary = summarizePlan(planFixture('risky-plan.json'));

    const text = allText(renderPlanBlocks(summary, { stack: 'aws/prod/data' }));

    const flag = text.indexOf('*stateful-delete*: `aws_db_instance.main` will be replaced (engine_version forces it)');
    expect(flag).toBeGreaterThan(0);
    expect(flag).toBeLessThan(text.indexOf('*Replace (1)*'));
  });
});

describe('Slack limits on a huge plan', () => {
  const summary = summarizePlan(syntheticPlan({ changes: 20_000, deletes: 6, replaces: 4 }));
  const ctx = { stack: 'aws/prod/big', planText: syntheticPlanText(20_000), logUrl: 'https://logs.example.com/j-9' };

  it('stays within 48 blocks, 3,000 characters a section and 150 a header', () => {
    const blocks = renderPlanBlocks(summary, { ...ctx, stack: 'x'.repeat(300) });

    expect(blocks.length).toBeLessThanOrEqual(PLAN_BLOCKS_MAX);
    expect(slackLimitProblems(blocks)).toEqual([]);
  });

  it('keeps every deletion and replacement and says what was left out', () => {
    const text = allText(renderPlanBlocks(summary, ctx));

    const destroyed = summary.changes.filter((change) => change.action === 'delete' || change.action === 'replace');
    for (const change of destroyed) expect(text).toContain(change.address.replace(/"/g, '\\"'));
    expect(text).toMatch(/Shortened to fit Slack: left out [\d,]+ list entries and [\d,]+ lines of plan output/);
    expect(text).toContain('<https://logs.example.com/j-9|job log>');
  });

  it('respects a smaller block allowance', () => {
    const blocks = renderPlanBlocks(summary, ctx, { maxBlocks: 5 });

    expect(blocks).toHaveLength(5);
    expect(fitsSlackLimits(blocks)).toBe(true);
  });
});

describe('fitsSlackLimits', () => {
  const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('accepts blocks within the limits', () => {
    expect(fitsSlackLimits([section('a'.repeat(3_000))])).toBe(true);
  });

  it('refuses a section over 3,000 characters', () => {
    expect(slackLimitProblems([section('a'.repeat(3_001))])).toEqual(['blocks[0]: text not 1-3000']);
  });

  it('refuses more than 50 blocks and a long header', () => {
    const header: SlackBlock = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };

    expect(fitsSlackLimits(Array.from({ length: 51 }, () => section('a')))).toBe(false);
    expect(fitsSlackLimits([header])).toBe(false);
  });
});
