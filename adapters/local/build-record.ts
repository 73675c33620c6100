import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobAction } from '../../core/jobs/job';
import * as z from '../../core/zod';
import type { StartedBuild } from './local-build';

/**
 * What a restarted bot needs to find a build that outlived the bot that started it: its process, where it
 * runs, and what it is. Written to `jobs/<jobId>/process.json` as soon as the build runs.
 */
export interface BuildRecord extends StartedBuild {
  jobId: string;
  action: JobAction;
  binary: 'terraform' | 'tofu';
  /** When the build started (ms since the epoch) and how long it may run. */
  startedAt: number;
  timeoutMs: number;
}

const BuildRecordSchema = z.object({
  jobId: z.string(),
  action: z.enum(['plan', 'apply']),
  binary: z.enum(['terraform', 'tofu']),
  startedAt: z.number(),
  timeoutMs: z.number(),
  scratch: z.string(),
  worktree: z.string(),
  process: z.object({ pid: z.int(), startTicks: z.number() }),
});

export async function writeBuildRecord(dir: string, record: BuildRecord): Promise<void> {
  await writeFile(join(dir, 'process.json'), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/** The record of a build started by an earlier bot, or undefined when there is none (or it is unreadable). */
export async function readBuildRecord(dir: string): Promise<BuildRecord | undefined> {
  try {
    const parsed = BuildRecordSchema.safeParse(JSON.parse(await readFile(join(dir, 'process.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
