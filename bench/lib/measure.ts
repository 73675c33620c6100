import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Time and peak memory of one child process. */
export interface Measurement {
  /** Wall-clock time seen from the parent. */
  ms: number;
  /** User plus system CPU time of the child, when GNU time is there to say. */
  cpuMs?: number;
  /** Peak resident set size in MB, or undefined when it could not be measured. */
  peakRssMb?: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A command to measure. */
export interface Command {
  command: string;
  args: string[];
}

const gnuTime = '/usr/bin/time';
const rssMarker = 'BENCH_MAXRSS_KB=';

/** Whether GNU time is there to measure peak RSS and CPU time of any child. */
export function hasGnuTime(): boolean {
  return existsSync(gnuTime);
}

/** A preload for node children that reports their own peak RSS, used when GNU time is missing. */
export function rssReporter(dir: string): string {
  const file = join(dir, 'report-rss.cjs');
  writeFileSync(
    file,
    `process.on('exit', () => process.stderr.write('\\n${rssMarker}' + process.resourceUsage().maxRSS + '\\n'));\n`,
  );
  return file;
}

function readGnuTime(stderr: string, measurement: Measurement): void {
  const gnu = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const own = new RegExp(`${rssMarker}(\\d+)`).exec(stderr);
  const kb = gnu?.[1] ?? own?.[1];
  if (kb) measurement.peakRssMb = Number(kb) / 1024;
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  if (user && system) measurement.cpuMs = (Number(user) + Number(system)) * 1000;
}

/** Runs a command once, timing it from the parent and reading CPU time and peak RSS from GNU time. */
export function measureOnce({ command, args }: Command): Measurement {
  const [file, argv] = hasGnuTime() ? [gnuTime, ['-v', command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  const measurement: Measurement = { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
  readGnuTime(result.stderr, measurement);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-500)}`);
  return measurement;
}

function best(all: Measurement[]): Measurement {
  const first = all[0] as Measurement;
  const result: Measurement = { ...first, ms: Math.min(...all.map((each) => each.ms)) };
  const cpu = all.map((each) => each.cpuMs).filter((value): value is number => value !== undefined);
  if (cpu.length > 0) result.cpuMs = Math.min(...cpu);
  const peaks = all.map((each) => each.peakRssMb).filter((value): value is number => value !== undefined);
  if (peaks.length > 0) result.peakRssMb = Math.max(...peaks);
  return result;
}

/**
 * Measures commands in interleaved rounds (so a burst of load from elsewhere hits them all alike): for each,
 * the fastest wall and CPU time of all rounds, and the highest peak RSS.
 */
export function measureRounds(commands: Command[], rounds: number): Measurement[] {
  const runs: Measurement[][] = commands.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    commands.forEach((command, index) => {
      runs[index]?.push(measureOnce(command));
    });
  }
  return runs.map(best);
}
