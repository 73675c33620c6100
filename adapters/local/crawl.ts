/**
 * Visits every node reachable from `start`, each once, with at most `concurrency` visits in flight.
 * `visit` returns the nodes to go on to. Rejects with the first error a visit throws.
 */
export function crawl(
  start: Iterable<string>,
  visit: (node: string) => Promise<Iterable<string>>,
  concurrency: number,
): Promise<void> {
  const seen = new Set(start);
  const queue = [...seen];
  let next = 0;
  let active = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      if (failed) return;
      if (next === queue.length && active === 0) {
        resolve();
        return;
      }
      while (active < concurrency && next < queue.length) {
        const node = queue[next++] as string;
        active++;
        visit(node).then((found) => {
          active--;
          for (const item of found) {
            if (seen.has(item)) continue;
            seen.add(item);
            queue.push(item);
          }
          pump();
        }, fail);
      }
    };
    const fail = (error: unknown): void => {
      failed = true;
      reject(error);
    };
    pump();
  });
}
