import { describe, expect, it } from 'vitest';
import { describeUnknownStack, findStack, lookupStack, suggestStacks } from '../../../../core/config/stack-registry';

const names = ['aws/prod/network', 'aws/prod/dns', 'aws/staging/network', 'google/prod/analytics', 'github/org'];
const config = { stacks: names.map((name) => ({ name }) as never) };

describe('stack registry', () => {
  it('finds a stack by its exact name only', () => {
    expect(findStack(config, 'aws/prod/dns')?.name).toBe('aws/prod/dns');
    expect(findStack(config, 'AWS/prod/dns')).toBeUndefined();
  });

  it('finds each configuration its own stacks, among a thousand', () => {
    const large = { stacks: Array.from({ length: 1_000 }, (_, index) => ({ name: `team/stack-${index}` }) as never) };

    expect(findStack(large, 'team/stack-999')?.name).toBe('team/stack-999');
    expect(findStack(large, 'aws/prod/dns')).toBeUndefined();
    expect(findStack(config, 'team/stack-999')).toBeUndefined();
    expect(findStack(config, 'aws/prod/dns')?.name).toBe('aws/prod/dns');
  });

  it.each([
    ['a typo', 'aws/prod/netwrok', ['aws/prod/network']],
    ['the last segments', 'network', ['aws/prod/network', 'aws/staging/network']],
    ['a prefix', 'aws/prod', ['aws/prod/network', 'aws/prod/dns']],
    ['different case', 'GitHub/Org', ['github/org']],
    ['nothing alike', 'kubernetes', []],
  ])('suggests the closest names for %s', (_, typed, expected) => {
    expect(suggestStacks(typed, config, 3)).toEqual(expected);
  });

  it('returns at most the asked number of suggestions', () => {
    expect(suggestStacks('aws', config, 2)).toEqual(['aws/prod/network', 'aws/prod/dns']);
  });

  it('looks a stack up as a value: the stack, or unknown_stack with suggestions', () => {
    expect(lookupStack(config, 'github/org')).toMatchObject({ ok: true, stack: { name: 'github/org' } });
    expect(lookupStack(config, 'github/orgs')).toEqual({
      ok: false,
      reason: 'unknown_stack',
      name: 'github/orgs',
      suggestions: ['github/org'],
    });
  });

  it('words an unknown stack with its suggestions', () => {
    expect(describeUnknownStack('x', [])).toBe('unknown stack "x"');
    expect(describeUnknownStack('dns', ['aws/prod/dns'])).toBe('unknown stack "dns" — did you mean "aws/prod/dns"?');
    expect(describeUnknownStack('network', ['a/network', 'b/network', 'c/network'])).toBe(
      'unknown stack "network" — did you mean "a/network", "b/network" or "c/network"?',
    );
  });
});
