import type { BudgetStore } from '../../core/ports';
import type { SharedWriteBudget } from './write-pacer';

/**
 * Windows of fixed length, each with its share of GitHub's limits. Any 60 s touches at most 7 windows of 10 s
 * (7 × 11 = 77 writes, under 80); any hour touches at most 7 windows of 10 minutes (7 × 71 = 497, under 500).
 */
const windows = [
  { name: '10s', ms: 10_000, limit: 11 },
  { name: '10m', ms: 600_000, limit: 71 },
] as const;

/**
 * GitHub's write limits counted in the store, for processes that write at once (Lambda invocations): before a
 * write, each window's count is spent; when one is used up, the write waits for the next window.
 */
export function storeWriteBudget(store: BudgetStore): SharedWriteBudget {
  return async (now) => {
    for (const window of windows) {
      const index = Math.floor(now / window.ms);
      const key = `github-writes#${window.name}#${index}`;
      if (!(await store.spendBudget(key, window.limit, 2 * window.ms, new Date(now)))) {
        return (index + 1) * window.ms - now;
      }
    }
    return 0;
  };
}
