import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../../core/jobs/job';
import { jobPageHtml } from '../../../../../core/render/html/job-page';

const job: Job = {
  id: 'j-abc1-def2',
  action: 'plan',
  stack: 'aws/prod/network',
  sha: 'a'.repeat(40),
  ref: 'feature/<b>',
  requestedBy: { source: 'slack', id: 'UALICE', name: 'Alice' },
  status: 'failed',
  createdAt: '2026-12-06T10:00:00.000Z',
  reason: 'terraform said <script>alert(1)</script>',
};

describe('jobPageHtml', () => {
  it('shows the job, who asked and why it ended, with every value escaped', () => {
    const html = jobPageHtml({ job, log: 'line <img src=x onerror=alert(1)>\n', nonce: 'n0nce' });

    expect(html).toContain('plan of aws/prod/network · failed');
    expect(html).toContain('Alice (UALICE) via slack');
    expect(html).toContain('terraform said &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('feature/&lt;b&gt;');
    expect(html).toContain('line &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert');
  });

  it('lists the plan summary by kind of change and keeps the full plan behind a disclosure', () => {
    const planned: Job = {
      ...job,
      status: 'succeeded',
      summary: {
        counts: { create: 1, update: 0, delete: 1, replace: 0, import: 0, move: 0, read: 0 },
        hasChanges: true,
        changes: [
          { address: 'aws_s3_bucket.logs', action: 'create', type: 'aws_s3_bucket' },
          { address: 'aws_instance.old', action: 'delete', type: 'aws_instance' },
        ],
        drift: [],
        outputs: [],
      },
    };

    const html = jobPageHtml({ job: planned, log: '', planText: 'Terraform will perform…', nonce: 'n0nce' });

    expect(html).toContain('<code>aws_s3_bucket.logs</code>');
    expect(html).toContain('<code>aws_instance.old</code>');
    expect(html).toContain('<details><summary>Full plan</summary><pre>Terraform will perform…</pre></details>');
  });

  it('streams the log only while the job runs, with a script the page nonce allows', () => {
    const running = jobPageHtml({
      job: { ...job, status: 'running' },
      log: '',
      logStreamUrl: '/jobs/j-abc1-def2/log?exp=1&sig=x&from=0',
      nonce: 'n0nce',
    });
    const ended = jobPageHtml({ job, log: '', nonce: 'n0nce' });

    expect(running).toContain('data-stream="/jobs/j-abc1-def2/log?exp=1&amp;sig=x&amp;from=0"');
    expect(running).toContain('<script nonce="n0nce">');
    expect(ended).not.toContain('data-stream');
    expect(ended).toContain('data-ended="true"');
  });
});
