import { describe, expect, it } from 'vitest';
import { commands } from '../../../cli/commands';
import { runInfrabot } from './run-infrabot';

const everyCommand = commands.map((command) => command.words.join(' '));

describe('infrabot --help on a subcommand', () => {
  it.each(everyCommand.flatMap((words) => [[words, '--help'] as const, [words, '-h'] as const]))(
    'prints the usage of "%s" for %s and exits 0, doing nothing else',
    async (words, flag) => {
      // Act
      const result = await runInfrabot([...words.split(' '), flag]);

      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(`usage: infrabot ${words}`)).toBe(true);
      expect(result.stderr).toBe('');
    },
    20_000,
  );

  it('prints the usage even after other arguments, such as a file that does not exist', async () => {
    // Act
    const result = await runInfrabot(['summarize', 'missing.json', '--format', 'json', '--help']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--format FORMAT  markdown (default)');
  });

  it('takes --help after -- as an operand, not a request for help', async () => {
    // Act
    const result = await runInfrabot(['summarize', '--', '--help']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('reading plan "--help": no such file');
  });
});
