import { describe, expect, it } from 'vitest';
import { moduleCallsOf } from '../../../../adapters/local/module-calls';

describe('moduleCallsOf', () => {
  it.each([
    [
      'hcl2json output',
      { module: { net: [{ source: './net', cidr: '10.0.0.0/16' }] } },
      [{ name: 'net', source: './net' }],
    ],
    [
      'JSON syntax with one object per module',
      { module: { net: { source: '../net' }, dns: { source: 'hashicorp/dns/aws' } } },
      [
        { name: 'net', source: '../net' },
        { name: 'dns', source: 'hashicorp/dns/aws' },
      ],
    ],
    [
      'JSON syntax with a list of sections',
      { module: [{ a: { source: './a' } }, { b: [{ source: './b' }] }] },
      [
        { name: 'a', source: './a' },
        { name: 'b', source: './b' },
      ],
    ],
    ['a file without modules', { resource: { terraform_data: { x: [{}] } } }, []],
    ['a module without a literal source', { module: { net: [{ source: 42 }, { version: '1.0' }] } }, []],
  ])('reads %s', (_, parsed, calls) => {
    expect(moduleCallsOf(parsed)).toEqual(calls);
  });

  it('refuses a module section of an unexpected shape', () => {
    expect(moduleCallsOf({ module: 'net' })).toBeUndefined();
    expect(moduleCallsOf({ module: { net: 'x' } })).toBeUndefined();
    expect(moduleCallsOf(null)).toBeUndefined();
  });
});
