import { busiestWriteWindow, prReportRun } from '../test/support/pr-report-run';
import { type BenchTable, defineBench } from './registry';

/**
 * What reporting a shared-module PR costs on GitHub: `/tf plan` on a PR whose change touches 1, 10 or 60
 * stacks, the plans ending 12 at a time 30 s apart, reported over HTTP to a fake GitHub API with the write
 * pacer on a fake clock. Counts the requests (all, and writes), the busiest minute of writes, the comments left
 * on the PR, and how long after the last plan ended the PR was fully reported (fake time, the pacer's waits).
 */

const sizes = [1, 10, 60];
const targets = { requestsPerStack: 3, requestsExtra: 20, writesPerMinute: 80, comments: 4 };

interface Row {
  stacks: number;
  requests: number;
  writes: number;
  busiestMinute: number;
  comments: number;
  reportedAfterS: number;
}

async function measure(stacks: number): Promise<Row> {
  const run = await prReportRun(stacks);
  try {
    run.openPr(1, 'e'.repeat(40), ['modules/shared/main.tf']);
    const jobs = await run.commentPlan(1);
    let lastEnd = 0;
    for (let start = 0; start < jobs.length; start += 12) {
      lastEnd = run.world.clock.now().getTime();
      await run.finish(jobs.slice(start, start + 12));
      if (start + 12 < jobs.length) run.world.clock.advance(30_000);
    }
    const lastWrite = Math.max(...run.api.requests.map((request) => request.at));
    return {
      stacks,
      requests: run.api.requests.length,
      writes: run.api.requests.filter((request) => request.method !== 'GET').length,
      busiestMinute: busiestWriteWindow(run.api),
      comments: run.commentsOf(1).length,
      reportedAfterS: Math.max(0, lastWrite - lastEnd) / 1000,
    };
  } finally {
    await run.stop();
  }
}

export default defineBench({
  name: 'pr-comments',
  async run(): Promise<BenchTable[]> {
    const rows: Row[] = [];
    for (const stacks of sizes) rows.push(await measure(stacks));
    const notes = rows.map((row) => {
      const budget = targets.requestsPerStack * row.stacks + targets.requestsExtra;
      const met =
        row.requests < budget && row.busiestMinute <= targets.writesPerMinute && row.comments <= targets.comments;
      return `${row.stacks} stacks: ${met ? 'meets' : 'MISSES'} < ${budget} requests, ≤ ${targets.writesPerMinute} writes a minute, ≤ ${targets.comments} comments`;
    });
    return [
      {
        title: 'GitHub requests and comments for /tf plan on a shared-module PR',
        columns: ['stacks', 'requests', 'writes', 'busiest minute', 'comments on the PR', 'reported after (s)'],
        rows: rows.map((row) => [
          row.stacks,
          row.requests,
          row.writes,
          row.busiestMinute,
          row.comments,
          row.reportedAfterS.toFixed(1),
        ]),
        notes,
      },
    ];
  },
});
