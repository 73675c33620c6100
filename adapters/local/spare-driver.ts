import type { ChildProcess } from 'node:child_process';
import type { SpareMessage } from './build-driver';
import { driverEntry, endOf, type RunningDriver, spawnDriver } from './driver-process';
import { processStartTicks } from './process-tree';

interface Spare {
  child: ChildProcess;
  /** The file it started from: a spare of an older CLI bundle is not used. */
  entry: string;
  running: RunningDriver;
  ready: boolean;
}

/**
 * One build driver started before its build (`infrabot build-driver --wait`), so that a build does not wait for a
 * Node start and the loading of the driver's code (100–200 ms) on the way to its first step. It is the same
 * detached process a build would start (its own session, only PATH and HOME), told its directory over an IPC
 * channel, which it drops as soon as it has answered: from then on it outlives the bot as any driver does, and the
 * bot notes and follows it the same way. An idle spare keeps neither the bot nor itself alive: it ends when the
 * bot stops or dies and its channel closes.
 */
export class SpareDriver {
  private spare: Spare | undefined;
  private starting = false;
  private stopped = false;

  /** `cwd`: where spares start (their build's directory is not known yet). */
  constructor(private readonly cwd: string) {}

  /** Starts a spare, unless one is ready or starting; a spare that fails to start is simply not there. */
  warm(): void {
    if (this.stopped || this.starting || this.spare !== undefined) return;
    this.starting = true;
    void this.start()
      .catch(() => undefined)
      .finally(() => {
        this.starting = false;
      });
  }

  /**
   * Hands the ready spare the build in `dir`, once it has said it took it; undefined when there is no ready spare
   * (or it was built from an older bundle, or it ended first), and the build starts a driver of its own.
   */
  async take(dir: string): Promise<RunningDriver | undefined> {
    const spare = this.spare;
    if (spare === undefined || !spare.ready) return undefined;
    this.spare = undefined;
    if (spare.entry !== (await driverEntry())) {
      spare.child.disconnect();
      return undefined;
    }
    spare.child.ref();
    const taken = await new Promise<boolean>((resolve) => {
      const answered = (message: unknown) => {
        if ((message as Partial<Extract<SpareMessage, { taken: string }>>)?.taken === dir) resolve(true);
      };
      spare.child.on('message', answered);
      void spare.running.ended.then(() => resolve(false));
      spare.child.once('disconnect', () => setImmediate(() => resolve(false)));
      spare.child.send({ dir }, (error) => {
        if (error) resolve(false);
      });
    });
    return taken ? spare.running : undefined;
  }

  /** Ends the idle spare, and starts no more. */
  stop(): void {
    this.stopped = true;
    if (this.spare?.child.connected) this.spare.child.disconnect();
    this.spare = undefined;
  }

  private async start(): Promise<void> {
    const entry = await driverEntry();
    if (this.stopped) return;
    const child = spawnDriver(entry, ['--wait'], this.cwd, true);
    const ended = endOf(child);
    child.unref();
    child.channel?.unref();
    const pid = child.pid;
    if (pid === undefined) return;
    const running = { process: { processGroup: pid, startTicks: (await processStartTicks(pid)) ?? 0 }, ended };
    const spare: Spare = { child, entry, running, ready: false };
    child.on('message', (message: unknown) => {
      if ((message as Partial<Extract<SpareMessage, { ready: true }>>)?.ready === true) spare.ready = true;
    });
    void ended.then(() => {
      if (this.spare === spare) this.spare = undefined;
    });
    if (this.stopped) child.disconnect();
    else this.spare = spare;
  }
}
