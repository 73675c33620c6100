import { commands } from './commands';
import { CliUsageError, runCli } from './run-cli';

await runCli(process.argv.slice(2), commands).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // One clear line, never a stack trace: usage errors and expected failures carry their own message.
    const message = error instanceof CliUsageError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`infrabot: ${message}\n`);
    process.exitCode = error instanceof CliUsageError ? 2 : 1;
  },
);
