import { describe, expect, it } from 'vitest';
import { applyLayers, findCycle, upstreamAmong } from '../../../../core/stacks/apply-order';

const stacks = [
  { name: 'network' },
  { name: 'dns', dependsOn: ['network'] },
  { name: 'app', dependsOn: ['dns', 'database'] },
  { name: 'database', dependsOn: ['network'] },
  { name: 'alerts' },
];

describe('findCycle', () => {
  it('finds none when every dependency leads to a stack without dependencies', () => {
    expect(findCycle(stacks)).toBeUndefined();
  });

  it('names the cycle along its path, the first stack repeated at the end', () => {
    const cyclic = [
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['c'] },
      { name: 'c', dependsOn: ['a'] },
    ];

    expect(findCycle(cyclic)).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('applyLayers', () => {
  it('puts each stack one layer after the last of the asked stacks it depends on', () => {
    expect(applyLayers(stacks, ['app', 'network', 'dns', 'database', 'alerts'])).toEqual([
      ['alerts', 'network'],
      ['database', 'dns'],
      ['app'],
    ]);
  });

  it('orders asked stacks through a stack that was not asked', () => {
    expect(applyLayers(stacks, ['app', 'network'])).toEqual([['network'], ['app']]);
    expect(upstreamAmong(stacks, ['app', 'network']).get('app')).toEqual(['network']);
  });

  it('keeps unrelated stacks in one layer', () => {
    expect(applyLayers(stacks, ['alerts', 'dns'])).toEqual([['alerts', 'dns']]);
  });
});
