/** A CLI command: receives its arguments (after the command words) and returns the exit code. */
export interface CliCommand {
  /** The words that select it, e.g. `['config', 'check']`. */
  words: readonly string[];
  usage: string;
  summary: string;
  /** More lines for `--help`: the options and defaults. */
  details?: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input as text, read only when a command asks for it. */
  readStdin: () => Promise<string>;
}

/** A mistake in how the command was called; printed with the usage and exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    if (process.stdin.isTTY) return '';
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

function helpText(commands: readonly CliCommand[]): string {
  const lines = commands.map((command) => `  ${command.usage.padEnd(60)} ${command.summary}`);
  return `usage: infrabot <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** `--help` or `-h` among a command's arguments (before a `--`, after which everything is an operand). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

function commandHelp(command: CliCommand): string {
  const details = command.details === undefined ? '' : `\n${command.details.trimEnd()}\n`;
  return `usage: infrabot ${command.usage}\n\n${command.summary}\n${details}`;
}

/** Finds the command whose words prefix the arguments (longest match first) and runs it. */
export async function runCli(argv: string[], commands: readonly CliCommand[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout(helpText(commands));
    return argv.length === 0 ? 2 : 0;
  }
  const byLength = [...commands].sort((a, b) => b.words.length - a.words.length);
  const command = byLength.find((candidate) => candidate.words.every((word, index) => argv[index] === word));
  if (!command) {
    io.stderr(`infrabot: unknown command "${argv.join(' ')}"\n\n${helpText(commands)}`);
    return 2;
  }
  const args = argv.slice(command.words.length);
  if (asksForHelp(args)) {
    io.stdout(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`infrabot: ${error.message}\nusage: infrabot ${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
