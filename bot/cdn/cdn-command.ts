import type { SelfServiceContext, SelfServiceOutcome } from '../self-service/context';

/** One `/cdn` subcommand. Input mistakes are answered by the subcommand with the usage. */
export interface CdnCommand {
  run(args: readonly string[], context: SelfServiceContext): Promise<SelfServiceOutcome>;
}
