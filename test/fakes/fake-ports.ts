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
  RefResolution,
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

/** Refs the test declares; anything else is unknown. */
export class FakeCommits implements Commits {
  /** When set, every resolve answers that the repository could not be asked, with this reason. */
  unreachable: string | undefined;
  constructor(readonly refs: Record<string, string> = {}) {}
  async resolve(ref: string): Promise<RefResolution> {
    if (this.unreachable !== undefined) return { ok: false, reason: 'repository_unreachable', why: this.unreachable };
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : this.refs[ref];
    return sha === undefined ? { ok: false, reason: 'unknown_ref' } : { ok: true, sha };
  }
}

/** User groups the test declares. */
export class FakeDirectory implements Directory {
  lookups = 0;
  constructor(readonly groups: Record<string, string[]> = {}) {}
  async membersOf(handle: string): Promise<readonly string[]> {
    this.lookups++;
    return this.groups[handle] ?? [];
  }
}

/** Records requests; optionally forwards them (to run the dispatcher in process). */
export class RecordingDispatcher implements Dispatcher {
  readonly requests: JobRequest[] = [];
  constructor(private readonly forward?: (request: JobRequest) => Promise<unknown>) {}
  async dispatch(request: JobRequest): Promise<void> {
    this.requests.push(request);
    await this.forward?.(request);
  }
}

/** Records what it was asked to run; fails to start when told to. */
export class FakeRunner implements Runner {
  readonly started: RunSpec[] = [];
  readonly cancelled: string[] = [];
  failStartWith?: Error;
  async start(spec: RunSpec): Promise<{ id: string; logUrl: string }> {
    if (this.failStartWith) throw this.failStartWith;
    this.started.push(spec);
    return { id: `build-${spec.job.id}`, logUrl: `https://logs.example/${spec.job.id}` };
  }
  async cancel(buildId: string): Promise<void> {
    this.cancelled.push(buildId);
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
  async uploadFile(file: { channel: string; threadTs?: string; filename: string; title: string; content: string }) {
    this.files.push(file);
  }
}
