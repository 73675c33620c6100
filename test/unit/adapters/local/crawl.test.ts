import { describe, expect, it } from 'vitest';
import { crawl } from '../../../../adapters/local/crawl';

describe('crawl', () => {
  it('visits every reachable node once, through cycles, with at most the given visits at a time', async () => {
    const edges: Record<string, string[]> = { a: ['b', 'c'], b: ['c', 'a'], c: ['d'], d: ['a'], e: [] };
    const visited: string[] = [];
    let active = 0;
    let most = 0;

    await crawl(
      ['a'],
      async (node) => {
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 1));
        visited.push(node);
        active--;
        return edges[node] ?? [];
      },
      2,
    );

    expect(visited.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('ends at once for no start nodes and rejects with the first failure', async () => {
    await expect(crawl([], async () => [], 4)).resolves.toBeUndefined();
    await expect(
      crawl(
        ['a'],
        async () => {
          throw new Error('disk on fire');
        },
        4,
      ),
    ).rejects.toThrow('disk on fire');
  });
});
