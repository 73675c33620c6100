import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatMessage } from '../../core/ports';
import type { ConsoleFeed } from './console-feed';

/** A person the console can act as: the picker shows these. */
export interface ConsoleUser {
  id: string;
  name: string;
  /** What this person may do, in a few words (`applier`, `developer`). */
  role: string;
}

/** What the console shows: the conversation, and the people one may act as (none: it only watches). */
export interface ConsoleView {
  readonly users: readonly ConsoleUser[];
  readonly feed: ConsoleFeed;
}

/** What the console's routes hand a browser's requests to, when people act in it (the embedded default). */
export interface ConsoleBackend extends ConsoleView {
  command(user: string, command: string, text: string): Promise<void>;
  action(user: string, messageTs: string, actionId: string, value: string): Promise<void>;
  respond(user: string, reply: ChatMessage & { response_type?: string }): void;
}

export type ConsoleRequest = IncomingMessage & { params?: Record<string, string> };
export type ConsoleResponse = ServerResponse;
