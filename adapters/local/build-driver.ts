import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { type DriverStop, readOrder, readStopReason, writeEnd } from './driver-files';
import { timeoutDetail } from './local-build-outcome';
import { sandboxedBy } from './sandbox';
import { executeSteps, type StepsResult } from './step-executor';

/**
 * The detached process that runs one local build's steps (`infrabot build-driver <dir>`), so that a build outlives
 * the bot: a crash or restart of `infrabot serve` leaves Terraform running with its state and lock, and the
 * restarted bot finds the build again. It reads its order from `dir`, appends to the build's log, stops the steps
 * the safe way (Terraform interrupted first) on SIGINT or SIGTERM (the bot's reason in `stop.json`) or at its
 * deadline, and records how they ended in `end.json` as its last act. A deadline already past runs nothing.
 */
export async function driveBuild(dir: string): Promise<void> {
  const order = await readOrder(dir);
  const timedOut: DriverStop = { kind: 'timed_out', detail: timeoutDetail(order.timeoutMs) };
  if (Date.now() >= order.deadline) {
    await writeEnd(dir, { steps: { ok: false, aborted: true, endedCleanly: true }, stop: timedOut });
    return;
  }
  const controller = new AbortController();
  let stop: DriverStop | undefined;
  const stopFor = async () => {
    stop ??= { kind: 'stopped', reason: await readStopReason(dir) };
    controller.abort();
  };
  process.on('SIGINT', () => void stopFor());
  process.on('SIGTERM', () => void stopFor());
  const timer = setTimeout(() => {
    stop ??= timedOut;
    controller.abort();
  }, order.deadline - Date.now());
  // Opened before any step runs, never through a link: the build cannot point its log elsewhere.
  const log = (
    await open(order.logPath, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW)
  ).createWriteStream();
  let steps: StepsResult;
  try {
    steps = await executeSteps({
      phases: order.phases,
      env: order.env,
      cwd: order.cwd,
      stateDir: order.stepsDir,
      bash: order.bash,
      output: log,
      signal: controller.signal,
      killGraceMs: order.killGraceMs,
      interrupt: order.interrupt,
      ...(order.sandbox === undefined ? {} : { sandbox: sandboxedBy(order.sandbox.tools, order.sandbox.layout) }),
    });
  } finally {
    clearTimeout(timer);
  }
  await new Promise<void>((resolve) => log.end(resolve));
  await writeEnd(dir, { steps, ...(stop === undefined ? {} : { stop }) });
}

/** What a spare driver is told, and answers, over its IPC channel. */
export type SpareMessage = { ready: true } | { taken: string };

/**
 * A spare driver (`infrabot build-driver --wait`): started by the bot before there is a build for it, with this
 * code already loaded, it says it is ready and waits for the bot to name its driver directory over the IPC channel
 * it was started with. It answers, drops the channel at once (from then on it depends on the bot no more than a
 * driver started for its build) and drives the build. When the channel closes first (the bot stopped or died), it
 * ends without running anything.
 */
export function driveWhenTold(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) {
    return Promise.reject(new Error('a waiting build driver is started by infrabot serve, over an IPC channel'));
  }
  return new Promise((resolve, reject) => {
    const leave = () => {
      process.off('message', told);
      resolve();
    };
    const told = (message: unknown) => {
      const dir = (message as { dir?: unknown } | null)?.dir;
      if (typeof dir !== 'string' || !isAbsolute(dir)) return;
      process.off('message', told);
      process.off('disconnect', leave);
      send({ taken: dir } satisfies SpareMessage, undefined, {}, () => {
        process.disconnect();
        driveBuild(dir).then(resolve, reject);
      });
    };
    process.on('message', told);
    process.once('disconnect', leave);
    send({ ready: true } satisfies SpareMessage);
  });
}
