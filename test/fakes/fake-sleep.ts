import type { FakeClock } from './fake-ports';

/** A sleep that returns at once and moves the fake clock instead; records every wait. */
export function fakeSleep(clock: FakeClock): ((ms: number) => Promise<void>) & { waits: number[] } {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };
  return Object.assign(sleep, { waits });
}
