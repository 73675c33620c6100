import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildProcess } from '../../core/jobs/job';
import {
  type DriverEnd,
  type DriverOrder,
  driverDir,
  endRecorded,
  readEnd,
  readProcess,
  writeOrder,
  writeProcess,
  writeStopReason,
} from './driver-files';
import { interruptDriver, startDriver } from './driver-process';
import { endOfSteps, type LocalBuildEnd } from './local-build';
import { privateDir } from './private-dir';
import { SpareDriver } from './spare-driver';

/** The detached drivers of one state directory's builds: starting one, stopping one, reading how one ended. */
export class Drivers {
  private readonly spare: SpareDriver;

  constructor(private readonly stateDir: string) {
    this.spare = new SpareDriver(stateDir);
  }

  /** Has a driver started before its build, so that the next build need not wait for one to start. */
  prepare(): void {
    this.spare.warm();
  }

  /** Ends the spare driver, if one is waiting, and starts no more. */
  stopPreparing(): void {
    this.spare.stop();
  }

  /**
   * Starts a job's driver with `order` (or hands it to the spare), tells `started` about it, and resolves with its
   * end as soon as the driver has recorded it; its files go then. A driver that ended without recording its end
   * (killed) is an error.
   */
  async run(jobId: string, order: DriverOrder, started: (driver: BuildProcess) => Promise<void>): Promise<DriverEnd> {
    const dir = driverDir(this.stateDir, jobId);
    await privateDir(join(this.stateDir, 'drivers'));
    await rm(dir, { recursive: true, force: true });
    await privateDir(dir);
    await writeOrder(dir, order);
    const driver = (await this.spare.take(dir)) ?? (await startDriver(dir));
    await writeProcess(dir, driver.process);
    await started(driver.process);
    await endRecorded(dir, driver.ended);
    const end = (await readEnd(dir)) ?? (await driver.ended.then(() => readEnd(dir)));
    await this.forget(jobId);
    if (end === undefined) throw new Error('the build driver ended without recording how the build ended');
    return end;
  }

  /** Stops a job's build the safe way, for `reason` (which its end will give). */
  async interrupt(jobId: string, driver: BuildProcess, reason: string): Promise<void> {
    await writeStopReason(driverDir(this.stateDir, jobId), reason);
    interruptDriver(driver);
  }

  /** The job's driver process as noted when it started, if the driver's directory still holds it. */
  processOf(jobId: string): Promise<BuildProcess | undefined> {
    return readProcess(driverDir(this.stateDir, jobId));
  }

  /** Whether the job's driver recorded its end (it ended, perhaps while the bot was down). */
  async hasEnded(jobId: string): Promise<boolean> {
    return (await readEnd(driverDir(this.stateDir, jobId))) !== undefined;
  }

  /** How a driver that is gone says its build ended (a failure when it said nothing); its files go. */
  async endOf(jobId: string): Promise<LocalBuildEnd> {
    const recorded = await readEnd(driverDir(this.stateDir, jobId));
    await this.forget(jobId);
    return recorded === undefined
      ? { result: 'failed', detail: 'the build driver ended without recording how the build ended' }
      : endOfSteps(recorded);
  }

  forget(jobId: string): Promise<void> {
    return rm(driverDir(this.stateDir, jobId), { recursive: true, force: true });
  }
}
