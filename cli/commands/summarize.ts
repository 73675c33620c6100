import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PlanFormatError, summarizePlan } from '../../core/plan/summarize';
import { renderPlanComment } from '../../core/render/markdown/plan-comment';
import type { PlanContext } from '../../core/render/plan-context';
import { renderPlanBlocks } from '../../core/render/slack/plan-blocks';
// zod/mini keeps the bundled command small (see core/plan/plan-document.ts).
import * as z from '../../core/zod';
import { type CliCommand, type CliIo, CliUsageError } from '../run-cli';

const usage = 'summarize PLAN.json [--text PLAN.txt] [--format json|markdown|slack] [--stack NAME] [--log-url URL]';

const OptionsSchema = z.object({
  plan: z.string(),
  text: z.optional(z.string()),
  format: z.enum(['json', 'markdown', 'slack'], { error: '--format: expected json, markdown or slack' }),
  stack: z.optional(z.string().check(z.minLength(1, { error: '--stack: expected a stack name' }))),
  logUrl: z.optional(z.url({ error: '--log-url: expected a URL such as https://…' })),
});
type Options = z.infer<typeof OptionsSchema>;

const optionSpec = {
  text: { type: 'string' },
  format: { type: 'string' },
  stack: { type: 'string' },
  'log-url': { type: 'string' },
} as const;

function parseArguments(args: string[]) {
  try {
    return parseArgs({ args, options: optionSpec, allowPositionals: true });
  } catch (error) {
    // node's messages go on with advice about `--`; the first sentence says what was wrong.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(message.split('. ')[0] ?? message);
  }
}

function parseOptions(args: string[]): Options {
  const parsed = parseArguments(args);
  const [plan, ...extra] = parsed.positionals;
  if (!plan) {
    throw new CliUsageError('expected the path of a plan JSON file (terraform show -json PLANFILE > PLAN.json)');
  }
  if (extra.length > 0) throw new CliUsageError(`expected one plan file, got also: ${extra.join(' ')}`);
  const { text, format = 'markdown', stack, 'log-url': logUrl } = parsed.values;
  const result = OptionsSchema.safeParse({ plan, text, format, stack, logUrl });
  if (!result.success) throw new CliUsageError(result.error.issues[0]?.message ?? 'invalid options');
  return result.data;
}

function readInput(path: string, what: string): string {
  try {
    // Node's synchronous UTF-8 read decodes straight into a string (no Buffer, no chunks): on a 70 MB plan that
    // saves a copy and the garbage collections it sets off.
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new InputError(`reading ${what} "${path}": ${reason}`);
  }
}

class InputError extends Error {
  override name = 'InputError';
}

function render(options: Options, planJson: string, planText: string | undefined): string {
  const summary = summarizePlan(planJson);
  if (options.format === 'json') return `${JSON.stringify(summary, null, 2)}\n`;
  const ctx: PlanContext = { stack: options.stack ?? '' };
  if (planText !== undefined) ctx.planText = planText;
  if (options.logUrl) ctx.logUrl = options.logUrl;
  if (options.format === 'slack') return `${JSON.stringify({ blocks: renderPlanBlocks(summary, ctx) }, null, 2)}\n`;
  return renderPlanComment(summary, ctx);
}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  try {
    const planJson = readInput(options.plan, 'plan');
    const planText = options.text === undefined ? undefined : readInput(options.text, 'plan text');
    io.stdout(render(options, planJson, planText));
    return 0;
  } catch (error) {
    if (error instanceof InputError) io.stderr(`infrabot: ${error.message}\n`);
    else if (error instanceof PlanFormatError) io.stderr(`infrabot: ${options.plan}: ${error.message}\n`);
    else throw error;
    return 1;
  }
}

/** `infrabot summarize`: turns `terraform show -json` output into a summary, the PR comment or Slack blocks. */
export const summarizeCommand: CliCommand = {
  words: ['summarize'],
  usage,
  summary: 'summarize a plan JSON as json, the PR comment (markdown) or Slack blocks',
  details: [
    'PLAN.json is the output of `terraform show -json PLANFILE`.',
    '',
    'options:',
    '  --format FORMAT  markdown (default): the PR comment, opening with Terraform\'s own "Plan: …" line',
    "                   slack: the Slack message's blocks as JSON; json: the summary itself",
    '  --stack NAME     the stack: a title and hidden marker above that line (none without it)',
    '  --text PLAN.txt  `terraform show -no-color PLANFILE`, shown collapsed',
    '  --log-url URL    linked wherever something had to be left out',
  ].join('\n'),
  run,
};
