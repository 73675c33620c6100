import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface JobLinkOptions {
  /** Where people reach the bot (`INFRABOT_PUBLIC_URL`), read when a link is made: the port may be known late. */
  baseUrl: () => string;
  /** The key links are signed with; see `jobLinkKey`. */
  key: Uint8Array;
  /** How long a link works (`jobs.maxPlanAge`): as long as its plan can be applied. */
  ttlMs: number;
  now: () => Date;
}

/**
 * The key that signs job page links, derived from the Slack signing secret: only the bot knows it (builds
 * never get the bot's environment), it survives restarts, and it is never the secret itself.
 */
export function jobLinkKey(signingSecret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', signingSecret, 'infrabot', 'job page links', 32));
}

/**
 * Signed addresses of job pages: `/jobs/<id>?exp=<unix seconds>&sig=<HMAC>`. A link names one job and
 * expires, so a link pasted in Slack shows that job's log to whoever holds it for a day, and nothing else.
 */
export class JobLinks {
  constructor(private readonly options: JobLinkOptions) {}

  /** The page of one job, signed until `ttlMs` from now. */
  pageUrl(jobId: string): string {
    return `${this.options.baseUrl().replace(/\/+$/, '')}/jobs/${encodeURIComponent(jobId)}?${this.query(jobId)}`;
  }

  /** The signed query for a job (also that of its log stream). */
  query(jobId: string): string {
    const exp = Math.floor((this.options.now().getTime() + this.options.ttlMs) / 1000);
    return new URLSearchParams({ exp: String(exp), sig: this.sign(jobId, exp) }).toString();
  }

  /** Whether the query carries this job's signature and has not expired. */
  verify(jobId: string, query: URLSearchParams): boolean {
    const exp = Number(query.get('exp'));
    const sig = query.get('sig') ?? '';
    if (!Number.isSafeInteger(exp) || exp * 1000 <= this.options.now().getTime()) return false;
    const expected = Buffer.from(this.sign(jobId, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(jobId: string, exp: number): string {
    return createHmac('sha256', this.options.key).update(`job-page\n${jobId}\n${exp}`).digest('base64url');
  }
}
