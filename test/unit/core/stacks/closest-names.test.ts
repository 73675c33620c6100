import { describe, expect, it } from 'vitest';
import { closestNames, editDistance } from '../../../../core/stacks/closest-names';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('network', 'network')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('netwrok', 'network')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestNames', () => {
  it('ranks exact, segment-suffix, prefix, then edit-distance matches, keeping the given order on ties', () => {
    const names = ['dir', 'appliers', 'roles', 'provider', 'name'];

    expect(closestNames('aplliers', names, 1)).toEqual(['appliers']);
    expect(closestNames('provder', names, 3)).toEqual(['provider']);
    expect(closestNames('foo', names, 3)).toEqual([]);
  });
});
