/**
 * A job's page (`GET /jobs/<id>`): what ran, for whom, how it ended, the plan's summary and full text, and the
 * log, which a small script keeps streaming while the job runs. Everything shown is escaped; the log and plan
 * are masked by the caller.
 */
import type { Job } from '../../jobs/job';
import type { PlanSummary } from '../../plan/summary';
import { groupChanges, planHeadline } from '../plan-facts';
import { escapeHtml } from './escape';

export interface JobPageInput {
  job: Job;
  /** `terraform show` of the saved plan, masked. */
  planText?: string;
  /** The log so far, masked. */
  log: string;
  /** Where the page's script reads the rest of the log from (server-sent events); none once the job ended. */
  logStreamUrl?: string;
  /** The nonce the Content-Security-Policy allows the page's one script and style by. */
  nonce: string;
}

/** How a job's requester reads on the page. */
function requesterText(job: Job): string {
  const { source, id, name, triggeredBy } = job.requestedBy;
  const who = name ? `${name} (${id})` : id;
  return `${who} via ${source}${triggeredBy ? `, started by ${triggeredBy}` : ''}`;
}

function factRows(job: Job): Array<[string, string | undefined]> {
  return [
    ['Stack', job.stack],
    ['Action', job.action],
    ['Status', job.status],
    ['Commit', job.sha],
    ['Ref', job.ref],
    ['Pull request', job.pr === undefined ? undefined : `#${job.pr}`],
    ['Plan applied', job.planJobId],
    ['Requested by', requesterText(job)],
    ['Created', job.createdAt],
    ['Started', job.startedAt],
    ['Finished', job.finishedAt],
    ['Reason', job.reason],
  ];
}

function factsPart(job: Job): string {
  const rows = factRows(job)
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<table class="facts">${rows.join('')}</table>`;
}

function summaryPart(job: Job, summary: PlanSummary): string {
  const groups = groupChanges(summary.changes).map(
    (group) =>
      `<h3>${escapeHtml(group.title)} (${group.changes.length})</h3><ul>${group.changes
        .map((change) => `<li><code>${escapeHtml(change.address)}</code></li>`)
        .join('')}</ul>`,
  );
  const headline = planHeadline(summary, { stack: job.stack, action: job.action });
  return `<section><h2>Summary</h2><p>${escapeHtml(headline)}</p>${groups.join('')}</section>`;
}

function planPart(planText: string): string {
  return `<section><details><summary>Full plan</summary><pre>${escapeHtml(planText)}</pre></details></section>`;
}

function logPart(input: JobPageInput): string {
  const stream = input.logStreamUrl ? ` data-stream="${escapeHtml(input.logStreamUrl)}"` : '';
  return `<section><h2>Log</h2><pre id="log"${stream}>${escapeHtml(input.log)}</pre></section>`;
}

/** Appends what the server sends to the log; the server closes the stream when the job ends. */
const streamScript = `
const log = document.getElementById('log');
if (log && log.dataset.stream) {
  const source = new EventSource(log.dataset.stream);
  source.addEventListener('log', (event) => { log.textContent += JSON.parse(event.data); });
  source.addEventListener('end', () => { source.close(); document.body.dataset.ended = 'true'; });
}`;

const style = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1c1d; }
.facts th { text-align: left; padding-right: 1.5rem; color: #616061; font-weight: 500; }
pre { background: #f8f8f8; border: 1px solid #ddd; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; }
code { font-size: 13px; }`;

/** The whole page, as HTML. */
export function jobPageHtml(input: JobPageInput): string {
  const { job, nonce } = input;
  const title = `${job.action} of ${job.stack} · ${job.status}`;
  const ended = input.logStreamUrl ? '' : ' data-ended="true"';
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · infrabot</title>`,
    `<style nonce="${nonce}">${style}</style></head>`,
    `<body${ended}><h1>${escapeHtml(title)}</h1><p><code>${escapeHtml(job.id)}</code></p>`,
    factsPart(job),
    job.summary ? summaryPart(job, job.summary) : '',
    input.planText ? planPart(input.planText) : '',
    logPart(input),
    `<script nonce="${nonce}">${streamScript}</script>`,
    '</body></html>',
  ].join('\n');
}
