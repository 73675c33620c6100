import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { BudgetStore } from '../../core/ports';
import type { GitHubSettings } from './settings';
import { storeWriteBudget } from './shared-write-budget';
import { WritePacer } from './write-pacer';

/** Octokit with retries of server errors and waits on primary and secondary rate limits (see `pacedWrites`). */
export const InfrabotOctokit = Octokit.plugin(throttling, retry);

/**
 * What infrabot calls GitHub through: typed routes (`request('GET /repos/{owner}/{repo}/pulls/{pull_number}')`),
 * pagination, GraphQL and the auth strategy, never the generated `octokit.rest.*` methods. Their table of every GitHub endpoint is
 * 82 KiB that the Lambda bundles leave out (see scripts/build.mjs), and this type keeps code from relying on it.
 */
export type GitHubClient = Pick<InstanceType<typeof InfrabotOctokit>, 'request' | 'paginate' | 'graphql' | 'auth'>;

/** Knobs for tests: GitHub's real pacing waits seconds between writes. */
export interface ClientTuning {
  /** Milliseconds per second of `Retry-After` (and per retry step); 1000 in production. */
  retryAfterBaseMs?: number;
  /** Skip the pacing of writes and notifications (GitHub asks for 1 s and 3 s between them). */
  unpaced?: boolean;
  /** How many times a rate-limited request is tried again. */
  rateLimitRetries?: number;
  /** The pacer of writes; every client of the process shares one by default. */
  pacer?: WritePacer;
  /**
   * Where processes that write at once (the Lambdas) count their writes together; without it, the process's
   * own pacing is the bot's (one `infrabot serve`).
   */
  budget?: BudgetStore;
}

let processPacer: WritePacer | undefined;

/** Every GitHub client of this process paces its writes together: GitHub's limits count the whole bot. */
function pacerOfProcess(budget: BudgetStore | undefined): WritePacer {
  processPacer ??= new WritePacer({
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(budget ? { shared: storeWriteBudget(budget) } : {}),
  });
  return processPacer;
}

/** Paced writes need no lane of their own beyond this one when the caller names none. */
const defaultLane = 'other';

/** What a write dropped in its turn (its `unless` said so) answers: nothing was sent. */
function dropped(url: unknown) {
  return { status: 204, url: String(url), headers: {}, data: undefined };
}

/**
 * Sends every writing request through the pacer (reads and the App's token requests go at once). A call names its lane (its PR),
 * for writes that replace each other a coalescing key, and for writes that may be moot by their turn a check that
 * drops them: `request: { lane, coalesce, unless }`.
 */
function pacedWrites(octokit: InstanceType<typeof InfrabotOctokit>, pacer: WritePacer): void {
  octokit.hook.wrap('request', (request, options) => {
    const method = String(options.method ?? 'GET').toUpperCase();
    // The App's token requests create no content, and run inside a paced write: pacing them would wait on itself.
    if (method === 'GET' || method === 'HEAD' || String(options.url).startsWith('/app/')) return request(options);
    const lane = typeof options.request?.lane === 'string' ? options.request.lane : defaultLane;
    const coalesce = typeof options.request?.coalesce === 'string' ? options.request.coalesce : undefined;
    const unless = typeof options.request?.unless === 'function' ? options.request.unless : undefined;
    return pacer.schedule(
      lane,
      async () => ((await unless?.()) === true ? dropped(options.url) : request(options)),
      coalesce,
    );
  });
}

/** A failure to reach or authenticate with GitHub that a person must fix. */
export class GitHubClientError extends Error {
  override name = 'GitHubClientError';
  readonly code: 'github_installation_not_found';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = 'github_installation_not_found';
  }
}

/** A stand-in for Bottleneck's groups that runs each request at once: the pacer paces writes (and tests skip pacing). */
const unpacedGroup = {
  key: () => ({
    schedule: (_options: unknown, task: (...args: unknown[]) => unknown, ...args: unknown[]) => task(...args),
  }),
};

function clientOptions(settings: GitHubSettings, tuning: ClientTuning) {
  const retries = tuning.rateLimitRetries ?? 2;
  const base = tuning.retryAfterBaseMs ?? 1000;
  const paced = (tuning.unpaced
    ? { write: unpacedGroup, notifications: unpacedGroup, search: unpacedGroup }
    : { write: unpacedGroup, notifications: unpacedGroup }) as unknown as object;
  return {
    baseUrl: settings.apiUrl,
    userAgent: 'infrabot',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: { retryAfterBaseValue: base },
    throttle: {
      ...paced,
      retryAfterBaseValue: base,
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, count: number) => count < retries,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, count: number) => count < retries,
    },
  };
}

/**
 * An Octokit for the repository `owner/name`: with a token as is, or as the GitHub App's installation on
 * that repository (looked up once; installation tokens are renewed by the auth strategy).
 * @throws GitHubClientError when the App is not installed on the repository.
 */
export async function createGitHubClient(
  settings: GitHubSettings,
  repository: string,
  tuning: ClientTuning = {},
): Promise<GitHubClient> {
  const options = clientOptions(settings, tuning);
  const pacer = tuning.pacer ?? pacerOfProcess(tuning.budget);
  if (settings.auth.kind === 'token') {
    const octokit = new InfrabotOctokit({ ...options, auth: settings.auth.token });
    pacedWrites(octokit, pacer);
    return octokit;
  }
  const appAuth = { appId: settings.auth.appId, privateKey: settings.auth.privateKey };
  const asApp = new InfrabotOctokit({ ...options, authStrategy: createAppAuth, auth: appAuth });
  const [owner = '', repo = ''] = repository.split('/');
  const installationId = await asApp.request('GET /repos/{owner}/{repo}/installation', { owner, repo }).then(
    (response) => response.data.id,
    (error: unknown) => {
      throw new GitHubClientError(
        `looking up the GitHub App's installation on ${repository}: install the App on the repository (${describe(error)})`,
        { cause: error },
      );
    },
  );
  const octokit = new InfrabotOctokit({
    ...options,
    authStrategy: createAppAuth,
    auth: { ...appAuth, installationId },
  });
  pacedWrites(octokit, pacer);
  return octokit;
}

function describe(error: unknown): string {
  const status = (error as { status?: number }).status;
  return status ? `GitHub answered ${status}` : error instanceof Error ? error.message : String(error);
}
