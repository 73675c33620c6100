import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../../core/plan/summarize';
import { statefulTypes } from '../../../../core/risk/stateful-types';
import { planOf } from './risk-plans';

const entries = Object.entries(statefulTypes).flatMap(([provider, types]) =>
  Object.entries(types).map(([type, loses]) => ({ provider, type, loses })),
);

describe('stateful types', () => {
  it.each(entries)('flags deleting a $type ($provider): "$loses"', ({ type, loses }) => {
    const summary = summarizePlan(planOf({ type, actions: ['delete'], before: { id: 'x' } }));

    expect(summary.risks).toEqual([
      { rule: 'stateful-delete', address: `${type}.this`, reason: `${type}.this will be deleted: ${loses}` },
    ]);
  });

  it('covers every provider infrabot plans for', () => {
    expect(Object.keys(statefulTypes)).toEqual(['aws', 'google', 'github', 'newrelic']);
  });
});
