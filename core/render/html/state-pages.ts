/**
 * The console's state at a glance: `/locks`, `/jobs` (filterable by stack and status) and `/audit`, as plain
 * HTML tables with no script. Every value is escaped; jobs link to their pages.
 */
import type { Job, JobStatus } from '../../jobs/job';
import type { Lock } from '../../locks/lock';
import type { AuditEntry } from '../../ports';
import { escapeHtml } from './escape';

const style = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d1c1d; }
nav { padding: 0.6rem 1rem; background: #3f0e40; display: flex; gap: 1rem; }
nav a { color: #fff; }
main { max-width: 80rem; margin: 1rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { color: #616061; font-weight: 500; }
form { display: flex; gap: 0.6rem; align-items: end; margin-bottom: 1rem; }
.empty { color: #616061; }
.problem { color: #e01e5a; }`;

/** A table's column: its heading, and the cell's HTML (already escaped) for one row. */
interface Column<Row> {
  heading: string;
  cell: (row: Row) => string;
}

const text = (value: string | undefined) => escapeHtml(value ?? '');
const jobLink = (id: string | undefined) => (id ? `<a href="/jobs/${encodeURIComponent(id)}">${text(id)}</a>` : '');

function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = columns.map((column) => `<th>${escapeHtml(column.heading)}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((column) => `<td>${column.cell(row)}</td>`).join('')}</tr>`);
  return `<table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** A whole page: the links between the console's pages, a title, and what it shows. */
function page(title: string, body: string, nonce: string): string {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · infrabot</title>`,
    `<style nonce="${nonce}">${style}</style></head><body>`,
    '<nav><a href="/">console</a><a href="/locks">locks</a><a href="/jobs">jobs</a><a href="/audit">audit</a></nav>',
    `<main><h1>${escapeHtml(title)}</h1>${body}</main>`,
    '</body></html>',
  ].join('\n');
}

const lockColumns: readonly Column<Lock>[] = [
  { heading: 'Stack', cell: (lock) => text(lock.stack) },
  { heading: 'Held by', cell: (lock) => text(lock.heldBy) },
  {
    heading: 'Owner',
    cell: (lock) => (lock.owner.kind === 'pr' ? `pull request #${lock.owner.pr}` : `job ${jobLink(lock.owner.jobId)}`),
  },
  { heading: 'Running', cell: (lock) => jobLink(lock.activeJobId) },
  { heading: 'Since', cell: (lock) => text(lock.acquiredAt) },
  { heading: 'Expires', cell: (lock) => text(lock.expiresAt) },
];

/** `/locks`: every stack's lock that has not expired. */
export function locksPageHtml(locks: readonly Lock[], nonce: string): string {
  return page('Locks', table(locks, lockColumns, 'No stack is locked.'), nonce);
}

const jobColumns: readonly Column<Job>[] = [
  { heading: 'Job', cell: (job) => jobLink(job.id) },
  { heading: 'Stack', cell: (job) => text(job.stack) },
  { heading: 'Action', cell: (job) => text(job.action) },
  { heading: 'Status', cell: (job) => text(job.status) },
  {
    heading: 'Commit',
    cell: (job) => `<code>${text(job.sha.slice(0, 10))}</code>${job.ref ? ` ${text(job.ref)}` : ''}`,
  },
  { heading: 'Requested by', cell: (job) => text(job.requestedBy.name ?? job.requestedBy.id) },
  { heading: 'Created', cell: (job) => text(job.createdAt) },
  { heading: 'Finished', cell: (job) => text(job.finishedAt) },
];

/** What `/jobs` is filtered by, and what it can be. */
export interface JobsFilter {
  stack?: string;
  status?: JobStatus;
  stacks: readonly string[];
  statuses: readonly JobStatus[];
  /** What was wrong with the filter asked for, and how to fix it. */
  problem?: string;
}

function select(name: string, label: string, options: readonly string[], chosen: string | undefined): string {
  const items = ['', ...options].map(
    (option) =>
      `<option value="${text(option)}"${option === (chosen ?? '') ? ' selected' : ''}>${text(option || 'any')}</option>`,
  );
  return `<label>${escapeHtml(label)} <select name="${name}">${items.join('')}</select></label>`;
}

/** `/jobs`: the most recent jobs, newest first, with the filter that chose them. */
export function jobsPageHtml(jobs: readonly Job[], filter: JobsFilter, nonce: string): string {
  const form = [
    '<form method="get" action="/jobs">',
    select('stack', 'Stack', filter.stacks, filter.stack),
    select('status', 'Status', filter.statuses, filter.status),
    '<button>Filter</button></form>',
    filter.problem ? `<p class="problem">${escapeHtml(filter.problem)}</p>` : '',
  ].join('');
  return page('Jobs', form + table(jobs, jobColumns, 'No job matches.'), nonce);
}

const auditColumns: readonly Column<AuditEntry>[] = [
  { heading: 'At', cell: (entry) => text(entry.at) },
  { heading: 'Who', cell: (entry) => text(`${entry.actor.name ?? entry.actor.id} via ${entry.actor.source}`) },
  { heading: 'Action', cell: (entry) => text(entry.action) },
  { heading: 'Target', cell: (entry) => text(entry.target) },
  { heading: 'Outcome', cell: (entry) => text(entry.outcome) },
  { heading: 'Job', cell: (entry) => jobLink(entry.jobId) },
  { heading: 'Detail', cell: (entry) => text(entry.detail) },
];

/** `/audit`: the latest entries of the audit trail, newest first. */
export function auditPageHtml(entries: readonly AuditEntry[], nonce: string): string {
  return page('Audit', table(entries, auditColumns, 'Nothing has been audited yet.'), nonce);
}
