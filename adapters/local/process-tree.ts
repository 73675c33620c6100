import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * What `/proc` says of one process, as the host sees it (a build in its own PID namespace still shows here with
 * its host pid, so the bot can signal it).
 */
interface ProcessEntry {
  pid: number;
  parentPid: number;
  /** Clock ticks after boot when the process started: with the pid, it names one process (pids are reused). */
  startTicks: number;
  /** `Z` for a process that has ended but was not yet reaped. */
  state: string;
}

/** Reads `/proc/<pid>/stat`; undefined when the process is gone. The command name may hold spaces and `)`. */
async function readEntry(pid: number): Promise<ProcessEntry | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state, ppid, pgrp, …; starttime is field 22 of the whole line, 20th after the name.
    return { pid, parentPid: Number(fields[1]), startTicks: Number(fields[19]), state: fields[0] ?? '' };
  } catch {
    return undefined;
  }
}

async function allEntries(): Promise<ProcessEntry[]> {
  const names = await readdir('/proc').catch(() => [] as string[]);
  const entries = await Promise.all(names.filter((name) => /^\d+$/.test(name)).map((name) => readEntry(Number(name))));
  return entries.filter((entry): entry is ProcessEntry => entry !== undefined);
}

/** Every process started, directly or not, by `rootPid` (not `rootPid` itself). */
export async function descendantsOf(rootPid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await allEntries()) {
    children.set(entry.parentPid, [...(children.get(entry.parentPid) ?? []), entry.pid]);
  }
  const found: number[] = [];
  const pending = [...(children.get(rootPid) ?? [])];
  for (let pid = pending.shift(); pid !== undefined; pid = pending.shift()) {
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * Whether the process runs `program`: its first argument, or its second when the first is an interpreter running
 * a script of that name (`/bin/bash …/terraform`). Provider plugins (`terraform-provider-aws_v5`) never match.
 */
async function runs(pid: number, program: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv.slice(0, 2).some((arg) => arg !== '' && basename(arg) === program);
  } catch {
    return false;
  }
}

/** The processes under `rootPid` that run one of `programs` (Terraform, not its plugins, shells or `tee`). */
export async function findPrograms(rootPid: number, programs: readonly string[]): Promise<number[]> {
  const pids = await descendantsOf(rootPid);
  const matches = await Promise.all(pids.map(async (pid) => ((await anyOf(pid, programs)) ? [pid] : [])));
  return matches.flat();
}

async function anyOf(pid: number, programs: readonly string[]): Promise<boolean> {
  for (const program of programs) if (await runs(pid, program)) return true;
  return false;
}

/** When the process started (clock ticks after boot), or undefined when there is no such process. */
export async function processStartTicks(pid: number): Promise<number | undefined> {
  return (await readEntry(pid))?.startTicks;
}

/** Whether the process `pid` that started at `startTicks` still runs (not another process given the same pid). */
export async function stillRuns(pid: number, startTicks: number): Promise<boolean> {
  const entry = await readEntry(pid);
  return entry !== undefined && entry.state !== 'Z' && entry.startTicks === startTicks;
}
