import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConfigError } from '../../../../core/config/config-error';
import { parseConfig } from '../../../../core/config/load-config';

const example = readFileSync('infrabot.yaml', 'utf8');

/** The example with its commented `cdn:` and `logs:` sections switched on. */
function uncommented(text: string): string {
  return text.replace(/^# (?=cdn:|logs:|\s)/gm, '');
}

describe('the example infrabot.yaml', () => {
  it('is valid, with a stack for each provider', () => {
    const result = parseConfig(example, 'infrabot.yaml');

    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([]);
    const providers = result.ok ? new Set(result.config.stacks.map((stack) => stack.provider)) : new Set();
    expect([...providers].sort()).toEqual(['aws', 'github', 'google', 'newrelic']);
  });

  it('stays valid with its cdn and logs sections switched on', () => {
    const result = parseConfig(uncommented(example), 'infrabot.yaml');

    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([]);
    expect(result.ok && result.config.cdn?.distributions[0]?.name).toBe('images');
    expect(result.ok && result.config.logs?.presets[0]?.name).toBe('rails-errors');
  });
});
