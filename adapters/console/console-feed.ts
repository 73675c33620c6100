import type { ChatMessage } from '../../core/ports';

/** One message in the console, as Slack would hold it. */
export interface ConsoleMessage {
  /** Its timestamp id, as Slack's `ts`. */
  ts: string;
  channel: string;
  threadTs?: string;
  /** Who typed it, for the commands people send; absent for the bot's own messages. */
  from?: string;
  /** Shown to this user only (an ephemeral reply). */
  ephemeralFor?: string;
  /** In a direct message to `ephemeralFor` (rather than an ephemeral reply in the channel). */
  direct?: boolean;
  message: ChatMessage;
  /** A file posted in a thread: its name, shown as a link. */
  file?: { id: string; filename: string; title: string };
}

export type FeedListener = (message: ConsoleMessage) => void;

/** How many messages the console keeps: a page of history, not a record (the audit log is that). */
const keep = 500;

/**
 * The console's conversation: every message posted, updated or replied, in order, told to each open page as it
 * changes. Files posted with messages are kept here too, to be downloaded.
 */
export class ConsoleFeed {
  private readonly messages = new Map<string, ConsoleMessage>();
  private readonly files = new Map<string, string>();
  private readonly listeners = new Set<FeedListener>();
  private counter = 0;

  /** A new Slack-like `ts`, unique and increasing. */
  nextTs(): string {
    this.counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.counter).padStart(6, '0')}`;
  }

  add(entry: Omit<ConsoleMessage, 'ts'>): ConsoleMessage {
    const message = { ...entry, ts: this.nextTs() };
    this.messages.set(message.ts, message);
    for (const ts of [...this.messages.keys()].slice(0, Math.max(0, this.messages.size - keep))) {
      this.messages.delete(ts);
    }
    this.tell(message);
    return message;
  }

  /** Replaces a message's content; false when there is no such message. */
  update(ts: string, message: ChatMessage): boolean {
    const existing = this.messages.get(ts);
    if (!existing) return false;
    const updated = { ...existing, message };
    this.messages.set(ts, updated);
    this.tell(updated);
    return true;
  }

  get(ts: string): ConsoleMessage | undefined {
    return this.messages.get(ts);
  }

  /** Keeps a file's content; returns its id for the download link. */
  keepFile(content: string): string {
    const id = `f${this.nextTs().replace('.', '')}`;
    this.files.set(id, content);
    return id;
  }

  file(id: string): string | undefined {
    return this.files.get(id);
  }

  /** Every message so far, oldest first. */
  all(): ConsoleMessage[] {
    return [...this.messages.values()];
  }

  /** Tells `listener` of every message added or changed from now on; returns how to stop. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(message: ConsoleMessage): void {
    for (const listener of this.listeners) listener(message);
  }
}
