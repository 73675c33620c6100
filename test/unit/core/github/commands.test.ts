import { describe, expect, it } from 'vitest';
import { parsePrComment } from '../../../../core/github/commands';

describe('parsePrComment', () => {
  it.each([
    ['/tf plan', { kind: 'command', name: 'plan', stacks: [] }],
    ['/tf plan aws/prod/network', { kind: 'command', name: 'plan', stacks: ['aws/prod/network'] }],
    ['  /tf apply net dns net  ', { kind: 'command', name: 'apply', stacks: ['net', 'dns'] }],
    ['\n/tf unlock net\nbecause the PR was abandoned', { kind: 'command', name: 'unlock', stacks: ['net'] }],
    ['/tf\tplan\tnet', { kind: 'command', name: 'plan', stacks: ['net'] }],
  ])('reads %j as a command', (body, expected) => {
    expect(parsePrComment(body)).toEqual(expected);
  });

  it.each(['LGTM', '', 'please run /tf plan', '> /tf plan\nquoted', '/tfplan'])(
    'ignores %j, which is not addressed to infrabot',
    (body) => {
      expect(parsePrComment(body)).toEqual({ kind: 'ignore' });
    },
  );

  it.each([
    ['/tf', 'the command is missing'],
    ['/tf destroy net', '"destroy" is not a command'],
    ['/tf plan ../etc', '"../etc" is not a stack name'],
    ['/tf plan Net', '"Net" is not a stack name'],
  ])('answers %j with the usage because %s', (body, problem) => {
    expect(parsePrComment(body)).toEqual({ kind: 'usage', problem });
  });
});
