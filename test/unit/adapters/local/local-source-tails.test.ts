import { describe, expect, it } from 'vitest';
import { localSourceTails } from '../../../../adapters/local/local-source-tails';

describe('localSourceTails', () => {
  it.each([
    ['a plain local source', 'source = "../../modules/vpc"', ['vpc'], false],
    ['trailing slashes and dot segments', 'source = "./modules/vpc/./"', ['vpc'], false],
    ['a detour through ..', 'source = "../x/../vpc"', ['vpc'], false],
    ['two sources on one line', 'a = "./one" b = "../two"', ['one', 'two'], false],
    ['registry and git sources', 'source = "hashicorp/consul/aws"\nsource = "git::https://x/y.git"', [], false],
    ['a source naming only its parents', 'source = "../.."', [], true],
    ['a source ending in ..', 'source = "../vpc/.."', [], true],
    ['an escape sequence', 'source = "../v\\u0070c"', [], true],
    ['an escape sequence hiding a local path', 'source = "\\u002e./vpc"', [], true],
    ['a Windows separator', 'source = "..\\\\modules\\\\vpc"', [], true],
    ['the module itself', 'source = "./"', [], false],
  ])('reads %s', (_, text, names, unsure) => {
    const tails = localSourceTails(text);

    expect([...tails.names]).toEqual(names);
    expect(tails.unsure).toBe(unsure);
  });
});
