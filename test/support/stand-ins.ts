import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStandInPlanFileScript } from './stand-in-plan-file';

/**
 * Stand-in `terraform` and `aws` executables for runner and buildspec tests. Each call appends one JSON line
 * to `$STANDIN_RECORD`: the tool, its arguments, its working directory and the environment variables that
 * show which credentials it got (secret values only as "was it the expected secret").
 *
 * Behaviour is set through the environment: `STANDIN_EXIT_<SUBCOMMAND>` (exit code, e.g. STANDIN_EXIT_INIT=1;
 * plan defaults to 2 = changes), `STANDIN_SLEEP_<SUBCOMMAND>` (seconds to sleep first), `STANDIN_SECRET`
 * (the value `aws secretsmanager get-secret-value` prints), `STANDIN_S3_ROOT` (a directory standing in for S3),
 * `STANDIN_RUN_<SUBCOMMAND>` (a shell command it runs first, as hostile Terraform code would), `STANDIN_SHOW_JSON`
 * (what `show -json` prints instead of {@link standInPlanJson}), `STANDIN_PLAN_JSON` (a file whose content
 * `show -json` prints, read at each call so a test can change the plan between runs; it wins over STANDIN_SHOW_JSON).
 */
export interface Call {
  tool: 'terraform' | 'aws';
  args: string[];
  cwd: string;
  env: Record<string, string | boolean | null>;
  /** `start` when called, `end` when it is about to exit (after any sleep). */
  event: 'start' | 'end';
  /** Milliseconds since the epoch. */
  at: number;
}

/** What the stand-in's `show -json` prints of its saved plan by default: a plan that changes nothing. */
export const standInPlanJson = { format_version: '1.2', resource_changes: [] };

const shared = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const seen = (name) => process.env[name] ?? null;
function record(tool, extra) {
  const env = {
    AWS_PROFILE: seen('AWS_PROFILE'),
    AWS_CONFIG_FILE: seen('AWS_CONFIG_FILE'),
    HAS_AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID !== undefined,
    GOOGLE_APPLICATION_CREDENTIALS: seen('GOOGLE_APPLICATION_CREDENTIALS'),
    GITHUB_OWNER: seen('GITHUB_OWNER'),
    GITHUB_APP_ID: seen('GITHUB_APP_ID'),
    GITHUB_APP_INSTALLATION_ID: seen('GITHUB_APP_INSTALLATION_ID'),
    GITHUB_APP_PEM_FILE_IS_SECRET: process.env.GITHUB_APP_PEM_FILE !== undefined && process.env.GITHUB_APP_PEM_FILE === process.env.STANDIN_SECRET,
    NEW_RELIC_API_KEY_IS_SECRET: process.env.NEW_RELIC_API_KEY !== undefined && process.env.NEW_RELIC_API_KEY === process.env.STANDIN_SECRET,
    NEW_RELIC_ACCOUNT_ID: seen('NEW_RELIC_ACCOUNT_ID'),
    NEW_RELIC_REGION: seen('NEW_RELIC_REGION'),
    TF_IN_AUTOMATION: seen('TF_IN_AUTOMATION'),
    TF_PLUGIN_CACHE_DIR: seen('TF_PLUGIN_CACHE_DIR'),
    BOT_SECRETS_SEEN: ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'GITHUB_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_WEBHOOK_SECRET', 'INFRABOT_STATE', 'INFRABOT_CONFIG', 'INFRABOT_REPO_DIR'].filter((name) => process.env[name] !== undefined).join(','),
    ...extra,
  };
  fs.appendFileSync(process.env.STANDIN_RECORD, JSON.stringify({ tool, args, cwd: process.cwd(), env, event: 'start', at: Date.now() }) + '\n');
  const exit = process.exit.bind(process);
  process.exit = (code) => {
    fs.appendFileSync(process.env.STANDIN_RECORD, JSON.stringify({ tool, args, cwd: process.cwd(), env: {}, event: 'end', at: Date.now() }) + '\n');
    exit(code);
  };
}
function behave(subcommand, fallbackExit) {
  const key = subcommand.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const sleep = Number(process.env['STANDIN_SLEEP_' + key] ?? 0);
  if (sleep > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleep * 1000);
  // Code the planned ref runs (an external data source, say), as a shell command.
  const run = process.env['STANDIN_RUN_' + key];
  if (run !== undefined) require('node:child_process').spawnSync('/bin/sh', ['-c', run], { stdio: 'ignore' });
  const exit = process.env['STANDIN_EXIT_' + key];
  return exit === undefined ? fallbackExit : Number(exit);
}
`;

const terraform = `
const DEFAULT_PLAN_JSON = ${JSON.stringify(JSON.stringify(standInPlanJson))};
const chdir = args.find((arg) => arg.startsWith('-chdir='));
const rest = args.filter((arg) => arg !== chdir);
if (chdir) process.chdir(chdir.slice('-chdir='.length));
const subcommand = rest[0] ?? '';
record('terraform', {});
const exit = behave(subcommand, subcommand === 'plan' ? 2 : 0);
if (exit !== 0 && exit !== 2) { console.error('Error: stand-in ' + subcommand + ' failed'); process.exit(exit); }
if (subcommand === 'init') console.log('Terraform has been successfully initialized!');
if (subcommand === 'plan') {
  const out = rest.find((arg) => arg.startsWith('-out='));
  if (out) require(path.join(__dirname, 'stand-in-plan-file.cjs'))(out.slice(5));
  console.log('Plan: 1 to add, 0 to change, 0 to destroy.');
}
const planJsonFile = process.env.STANDIN_PLAN_JSON;
if (subcommand === 'show' && rest.includes('-json') && planJsonFile) console.log(fs.readFileSync(planJsonFile, 'utf8'));
else if (subcommand === 'show' && rest.includes('-json')) console.log(process.env.STANDIN_SHOW_JSON ?? DEFAULT_PLAN_JSON);
else if (subcommand === 'show') console.log('Terraform will perform the following actions: (stand-in)');
if (subcommand === 'apply') console.log('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
process.exit(exit);
`;

const aws = String.raw`
record('aws', {});
const subcommand = args.slice(0, 2).join(' ');
const exit = behave(args.slice(0, 2).join('_'), 0);
if (exit !== 0) { console.error('An error occurred (AccessDenied) in stand-in aws ' + subcommand); process.exit(exit); }
const s3 = (uri) => path.join(process.env.STANDIN_S3_ROOT, uri.replace(/^s3:\/\//, ''));
if (subcommand === 'secretsmanager get-secret-value') console.log(process.env.STANDIN_SECRET);
if (subcommand === 'configure export-credentials') {
  console.log('export AWS_ACCESS_KEY_ID=ASIASTANDIN');
  console.log('export AWS_SECRET_ACCESS_KEY=' + process.env.STANDIN_SECRET);
  console.log('export AWS_SESSION_TOKEN=' + process.env.STANDIN_SECRET);
}
if (subcommand === 's3 cp') {
  const [from, to] = args.slice(2, 4);
  if (args.includes('--recursive')) fs.cpSync(from.startsWith('s3://') ? s3(from) : from, to.startsWith('s3://') ? s3(to) : to, { recursive: true });
  else {
    const source = from.startsWith('s3://') ? s3(from) : from;
    if (!fs.existsSync(source)) { console.error('fatal error: An error occurred (404) when calling the HeadObject operation: Key "' + from + '" does not exist'); process.exit(1); }
    const target = to.startsWith('s3://') ? s3(to) : to;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}
process.exit(0);
`;

/** Writes the stand-ins into `dir` (put it first on PATH); returns the path of the record file. */
export function writeStandIns(dir: string, tools: readonly ('terraform' | 'aws')[] = ['terraform', 'aws']): string {
  const sources = { terraform, aws };
  for (const tool of tools) {
    const file = join(dir, tool);
    writeFileSync(file, `#!${process.execPath}\n${shared}\n${sources[tool]}`);
    chmodSync(file, 0o755);
    writeStandInPlanFileScript(dir);
  }
  return join(dir, 'calls.jsonl');
}

/** The calls recorded so far (their start events). */
export function readCalls(recordFile: string): Call[] {
  return readEvents(recordFile).filter((call) => call.event === 'start');
}

/** Every start and end event recorded so far. */
export function readEvents(recordFile: string): Call[] {
  if (!existsSync(recordFile)) return [];
  return readFileSync(recordFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Call);
}

/** A call as one command line, e.g. `terraform -chdir=stacks/net init -input=false -no-color`. */
export function commandLine(call: Call): string {
  return [call.tool, ...call.args].join(' ');
}
