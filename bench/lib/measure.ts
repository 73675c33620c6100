import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Time and peak memory of one child process. */
export interface Measurement {
  ms: number;
  /** Peak resident set size in MB, or undefined when it could not be measured. */
  peakRssMb?: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

const gnuTime = '/usr/bin/time';
const rssMarker = 'BENCH_MAXRSS_KB=';

/** A preload for node children that reports their own peak RSS, used when GNU time is missing. */
export function rssReporter(dir: string): string {
  const file = join(dir, 'report-rss.cjs');
  writeFileSync(
    file,
    `process.on('exit', () => process.stderr.write('\\n${rssMarker}' + process.resourceUsage().maxRSS + '\\n'));\n`,
  );
  return file;
}

function peakFrom(stderr: string): number | undefined {
  const gnu = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const own = new RegExp(`${rssMarker}(\\d+)`).exec(stderr);
  const kb = gnu?.[1] ?? own?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

/** Runs a command once, timing it from the parent and reading its peak RSS from GNU time (or the preload). */
export function measureOnce(command: string, args: string[]): Measurement {
  const useTime = existsSync(gnuTime);
  const [file, argv] = useTime ? [gnuTime, ['-v', command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  const measurement: Measurement = { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
  const peak = peakFrom(result.stderr);
  if (peak !== undefined) measurement.peakRssMb = peak;
  return measurement;
}

/** Runs a command `runs` times: the median time and the highest peak RSS. */
export function measure(command: string, args: string[], runs: number): Measurement {
  const all = Array.from({ length: runs }, () => measureOnce(command, args));
  const failed = all.find((each) => each.status !== 0);
  if (failed) throw new Error(`${command} ${args.join(' ')} failed (${failed.status}): ${failed.stderr.slice(-500)}`);
  const times = all.map((each) => each.ms).sort((a, b) => a - b);
  const peaks = all.map((each) => each.peakRssMb).filter((peak): peak is number => peak !== undefined);
  const first = all[0] as Measurement;
  const result: Measurement = { ...first, ms: times[Math.floor(times.length / 2)] ?? first.ms };
  if (peaks.length > 0) result.peakRssMb = Math.max(...peaks);
  return result;
}

/** Whether GNU time is there to measure peak RSS of any child. */
export function hasGnuTime(): boolean {
  return existsSync(gnuTime);
}
