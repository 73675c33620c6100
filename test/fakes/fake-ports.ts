import type { Job } from '../../core/jobs/job';
import type { JobRequest } from '../../core/jobs/job-request';
import type {
  ArtifactName,
  Artifacts,
  BuildState,
  Chat,
  ChatMessage,
  Clock,
  Commits,
  Directory,
  Dispatcher,
  JobEnd,
  JobReporter,
  RefLookup,
  Runner,
  RunSpec,
} from '../../core/ports';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-01T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Refs the test declares; anything else is unknown. A commit is on a branch or tag when a declared ref points
 * at it or it is listed in `published`.
 */
export class FakeCommits implements Commits {
  readonly published = new Set<string>();
  constructor(readonly refs: Record<string, string> = {}) {}
  /** A message of why the repository cannot be reached, while it cannot. */
  unreachable: string | undefined;
  async resolve(ref: string): Promise<RefLookup> {
    if (this.unreachable !== undefined) return { status: 'unreachable', why: this.unreachable };
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : this.refs[ref];
    return sha === undefined ? { status: 'missing' } : { status: 'found', sha };
  }
  async isOnBranchOrTag(sha: string): Promise<boolean> {
    return this.published.has(sha) || Object.values(this.refs).includes(sha);
  }
}

/** User groups the test declares; every user is a full member except the `guests`. */
export class FakeDirectory implements Directory {
  lookups = 0;
  constructor(
    readonly groups: Record<string, string[]> = {},
    readonly guests: readonly string[] = [],
  ) {}
  async membersOf(handle: string): Promise<readonly string[]> {
    this.lookups++;
    return this.groups[handle] ?? [];
  }
  async isFullMember(userId: string): Promise<boolean> {
    return !this.guests.includes(userId);
  }
}

/** Records requests; optionally forwards them (to run the dispatcher in process). */
export class RecordingDispatcher implements Dispatcher {
  readonly requests: JobRequest[] = [];
  /** Set to refuse every request from then on, as a dispatcher Lambda that cannot be invoked does. */
  failWith?: Error;
  constructor(private readonly forward?: (request: JobRequest) => Promise<unknown>) {}
  async dispatch(request: JobRequest): Promise<void> {
    this.requests.push(request);
    if (this.failWith) throw this.failWith;
    await this.forward?.(request);
  }
}

/** Records what it was asked to run; fails to start when told to. */
export class FakeRunner implements Runner {
  readonly started: RunSpec[] = [];
  readonly cancelled: string[] = [];
  /** Why each build was stopped, in the order asked. */
  readonly cancelReasons: string[] = [];
  failStartWith?: Error;
  async start(spec: RunSpec): Promise<{ id: string; logUrl: string }> {
    if (this.failStartWith) throw this.failStartWith;
    this.started.push(spec);
    return { id: `build-${spec.job.id}`, logUrl: `https://logs.example/${spec.job.id}` };
  }
  async cancel(buildId: string, reason: string): Promise<void> {
    this.cancelled.push(buildId);
    this.cancelReasons.push(reason);
  }
  async status(_buildId: string): Promise<BuildState> {
    return { state: 'running' };
  }
}

/** Records every report. */
export class RecordingReporter implements JobReporter {
  readonly started: Job[] = [];
  readonly finished: JobEnd[] = [];
  async jobStarted(job: Job): Promise<void> {
    this.started.push(job);
  }
  async jobFinished(_job: Job, end: JobEnd): Promise<void> {
    this.finished.push(end);
  }
  async settled(): Promise<void> {}
}

/** Artifacts kept in a map. */
export class MemoryArtifacts implements Artifacts {
  readonly files = new Map<string, Uint8Array>();
  async get(jobId: string, name: ArtifactName): Promise<Uint8Array | undefined> {
    return this.files.get(`${jobId}/${name}`);
  }
  async put(jobId: string, name: ArtifactName, body: Uint8Array | string): Promise<void> {
    this.files.set(`${jobId}/${name}`, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }
}

/** A Slack workspace in memory: messages by channel and ts. */
export class RecordingChat implements Chat {
  readonly messages = new Map<string, ChatMessage & { channel: string; threadTs?: string }>();
  readonly ephemerals: Array<ChatMessage & { channel: string; user: string }> = [];
  readonly files: Array<{ channel: string; threadTs?: string; filename: string; title: string; content: string }> = [];
  private seq = 0;
  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }> {
    const ts = `1700000000.${String(++this.seq).padStart(6, '0')}`;
    this.messages.set(`${channel}/${ts}`, { ...message, channel, ...(threadTs ? { threadTs } : {}) });
    return { ts };
  }
  async update(channel: string, ts: string, message: ChatMessage): Promise<void> {
    this.messages.set(`${channel}/${ts}`, { ...message, channel });
  }
  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    this.ephemerals.push({ ...message, channel, user });
  }
  async openDirectMessage(user: string): Promise<string> {
    return `D${user.slice(1)}`;
  }
  async uploadFile(file: { channel: string; threadTs?: string; filename: string; title: string; content: string }) {
    this.files.push(file);
  }
}
