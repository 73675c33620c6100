// Asks infrabot to plan a pull request's stacks and waits for the results. Run by action.yml with Node 20+
// and no dependencies. Authenticates with the job's GitHub Actions OIDC token (permissions: id-token: write).
import { appendFileSync } from 'node:fs';

const env = process.env;
const base = (env.INFRABOT_URL ?? '').replace(/\/+$/, '');
const pollMs = Number(env.INFRABOT_POLL_SECONDS || 10) * 1000;
const deadline = Date.now() + Number(env.INFRABOT_TIMEOUT_MINUTES || 30) * 60_000;

function fail(message) {
  console.log(`::error title=infrabot::${message}`);
  process.exit(1);
}

async function idToken() {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    fail('no OIDC token available: give the job "permissions: id-token: write"');
  }
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  url.searchParams.set('audience', env.INFRABOT_AUDIENCE || 'infrabot');
  const response = await fetch(url, { headers: { authorization: `bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
  if (!response.ok) fail(`requesting the OIDC token: GitHub answered ${response.status}`);
  return (await response.json()).value;
}

async function call(path, init = {}) {
  const headers = { authorization: `Bearer ${await idToken()}`, 'content-type': 'application/json' };
  const response = await fetch(`${base}${path}`, { ...init, headers });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body };
}

function describe(job) {
  const counts = job.summary?.counts;
  const changes = counts ? ` (+${counts.create} ~${counts.update} -${counts.delete} ±${counts.replace})` : '';
  return `${job.stack}: ${job.action} ${job.status}${changes}${job.reason ? ` - ${job.reason}` : ''}`;
}

async function waitFor(id) {
  for (;;) {
    const { status, body } = await call(`/github/actions/jobs/${encodeURIComponent(id)}`);
    if (status !== 200) fail(`reading job ${id}: infrabot answered ${status} ${JSON.stringify(body.error ?? '')}`);
    if (body.finished) return body;
    if (Date.now() > deadline) fail(`job ${id} of ${body.stack} did not finish in time (still ${body.status})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function report(jobs, refused) {
  const lines = [
    '### infrabot plans',
    '',
    '| stack | result | add | change | destroy | replace | log |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const job of jobs) {
    const c = job.summary?.counts ?? {};
    lines.push(
      `| ${job.stack} | ${job.status} | ${c.create ?? ''} | ${c.update ?? ''} | ${c.delete ?? ''} | ${c.replace ?? ''} | ${job.logUrl ?? ''} |`,
    );
  }
  for (const r of refused) lines.push(`| ${r.stack} | not planned: ${r.reason} | | | | | |`);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${lines.join('\n')}\n`);
  if (env.GITHUB_OUTPUT) {
    const hasChanges = jobs.some((job) => job.summary?.hasChanges);
    appendFileSync(env.GITHUB_OUTPUT, `jobs=${JSON.stringify(jobs.map((job) => job.id))}\nhas-changes=${hasChanges}\n`);
  }
}

if (!base) fail('the url input is required (the address infrabot is served at)');
const stacks = (env.INFRABOT_STACKS ?? '').split(/[\s,]+/).filter(Boolean);
const request = {
  action: 'plan',
  pr: Number(env.INFRABOT_PR),
  sha: env.INFRABOT_SHA,
  ...(stacks.length ? { stacks } : {}),
};
const { status, body } = await call('/github/actions', { method: 'POST', body: JSON.stringify(request) });
if (status >= 400 && !body.refused) fail(`infrabot refused the request (${status}): ${[body.error].flat().join('; ')}`);
const refused = body.refused ?? [];
for (const r of refused) console.log(`::error title=infrabot::${r.stack} was not planned: ${r.reason}`);
if ((body.jobs ?? []).length === 0 && refused.length === 0) {
  console.log(body.message ?? 'nothing to plan');
  report([], []);
  process.exit(0);
}
const finished = [];
for (const job of body.jobs ?? []) {
  console.log(`waiting for ${job.stack} (job ${job.id})`);
  const done = await waitFor(job.id);
  console.log(describe(done));
  finished.push(done);
}
report(finished, refused);
const failed = finished.filter((job) => job.status !== 'succeeded');
if (failed.length > 0 || refused.length > 0) {
  fail(
    `${failed.length + refused.length} stack(s) did not plan: ${[...failed, ...refused].map((job) => job.stack).join(', ')}`,
  );
}
