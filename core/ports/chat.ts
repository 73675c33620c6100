import type { Job } from '../jobs/job';

/** A Slack message: fallback text for notifications and Block Kit blocks for display. */
export interface ChatMessage {
  text: string;
  blocks?: readonly unknown[];
}

/** The Slack Web API calls infrabot makes. */
export interface Chat {
  post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }>;
  update(channel: string, ts: string, message: ChatMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void>;
  /** The direct-message conversation between the bot and a user (opened when needed), to post into. */
  openDirectMessage(user: string): Promise<string>;
  uploadFile(file: {
    channel: string;
    threadTs?: string;
    filename: string;
    title: string;
    content: string;
  }): Promise<void>;
}

/** Resolves Slack user groups (`@sre`) to their members. */
export interface Directory {
  /** User IDs in the group with this handle (without the `@`); empty when the group does not exist. */
  membersOf(handle: string): Promise<readonly string[]>;
  /** Whether the user is a full member of the workspace: false for guests (single- or multi-channel) and unknown users. */
  isFullMember(userId: string): Promise<boolean>;
}

/** Told when a job starts and ends, to update Slack, a PR, or both. */
export interface JobReporter {
  /** May return before every report is sent (a PR's pending status waits its turn among GitHub's writes). */
  jobStarted(job: Job): Promise<void>;
  jobFinished(job: Job, outcome: JobEnd): Promise<void>;
  /**
   * Resolves once the reports sent on without waiting have been sent or have failed (failures are logged
   * where they happen). An entry whose process may be frozen when it returns (a Lambda) waits for it.
   */
  settled(): Promise<void>;
}

/** The result of a job as reported to people. */
export interface JobEnd {
  job: Job;
  /** Full plan text, when the job produced one (already masked by Terraform for sensitive values). */
  planText?: string;
  /** Last lines of the log, for failed builds. */
  logTail?: string;
  /** Whether the person who asked may apply this plan (decides the Apply button). */
  applyAllowed?: boolean;
}
