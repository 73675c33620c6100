import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * A build's process: the leader of its process group, and when it started (clock ticks since boot, from
 * /proc/<pid>/stat), so that a pid the kernel reused for another process is never mistaken for the build.
 */
export interface BuildProcess {
  pid: number;
  startTicks: number;
}

interface ProcStat {
  pid: number;
  ppid: number;
  startTicks: number;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function parseStat(pid: number, text: string): ProcStat | undefined {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const startTicks = Number(fields[19]);
  return Number.isFinite(ppid) && Number.isFinite(startTicks) ? { pid, ppid, startTicks } : undefined;
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseStat(pid, await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The process `pid` as it is now (its start time read), or undefined when there is none. */
export async function describeProcess(pid: number): Promise<BuildProcess | undefined> {
  const stat = await readStat(pid);
  return stat && { pid, startTicks: stat.startTicks };
}

/** Whether the recorded process still runs: same pid and the same start time (not a reused pid). */
export async function isRunning(recorded: BuildProcess): Promise<boolean> {
  const stat = await readStat(recorded.pid);
  return stat !== undefined && stat.startTicks === recorded.startTicks;
}

async function allProcesses(): Promise<ProcStat[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(readStat));
  return stats.filter((stat): stat is ProcStat => stat !== undefined);
}

/** Every process started, directly or not, by `root` (not `root` itself). */
function descendantsOf(root: number, stats: ReadonlyMap<number, ProcStat>): number[] {
  const children = new Map<number, number[]>();
  for (const stat of stats.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const found: number[] = [];
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Whether the process runs `binary`: by its name, or as the script an interpreter runs (`node ./terraform`). */
async function runs(pid: number, binary: string): Promise<boolean> {
  try {
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
    if (comm === binary) return true;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv.slice(0, 2).some((arg) => arg !== '' && basename(arg) === binary);
  } catch {
    return false;
  }
}

/**
 * Interrupts terraform the way it expects: SIGINT to the `binary` processes the build started, and to nothing
 * else (not its provider plugins, which terraform stops itself, nor `tee`), so that it finishes the operations
 * in flight, writes the state and releases its lock. Returns the pids signalled (none between two steps).
 */
export async function interruptTerraform(build: BuildProcess, binary: string): Promise<number[]> {
  if (!(await isRunning(build))) return [];
  const stats = new Map((await allProcesses()).map((stat) => [stat.pid, stat]));
  const candidates = descendantsOf(build.pid, stats);
  const matching = new Set<number>();
  for (const pid of candidates) if (await runs(pid, binary)) matching.add(pid);
  // A terraform started by another (a wrapper script named terraform) hears it from its parent.
  const outermost = [...matching].filter((pid) => !matching.has(stats.get(pid)?.ppid ?? 0));
  return outermost.filter((pid) => signal(pid, 'SIGINT'));
}

/** Sends a signal to the build's whole process group (the build leads it); false when the group is gone. */
export function signalGroup(build: Pick<BuildProcess, 'pid'>, name: NodeJS.Signals): boolean {
  return signal(-build.pid, name);
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
