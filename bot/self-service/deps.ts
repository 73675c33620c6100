import type { Cdn, SelfServiceDispatcher } from '../../core/ports';

/** What `/cdn` and `/logs` need besides the bot's own dependencies. */
export interface SelfServiceBotDeps {
  /** Lists distributions for `/cdn which` (the adapter caches the list for a few minutes). */
  cdn: Cdn;
  /** Hands `/cdn invalidate` and `/logs <preset>` to the worker. */
  dispatcher: SelfServiceDispatcher;
}
