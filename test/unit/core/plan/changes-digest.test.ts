import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalChanges, changesDigest, changesJqProgram } from '../../../../core/plan/changes-digest';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/plans/${name}`, import.meta.url), 'utf8');
const jq = (planJson: string) => execFileSync('jq', ['-cjS', changesJqProgram], { input: planJson }).toString();

const create = {
  address: 'aws_iam_user.b',
  change: { actions: ['create'], after: { name: 'b', tags: { z: '1', a: '2' } } },
};
const update = { address: 'aws_s3_bucket.a', change: { actions: ['update'], after: { acl: 'private' } } };

describe('changesDigest', () => {
  it('is the same for two documents that differ only in the order of their changes and keys', () => {
    // Prepare
    const one = JSON.stringify({ format_version: '1.2', resource_changes: [create, update], output_changes: {} });
    const other = JSON.stringify({
      output_changes: {},
      resource_changes: [update, { change: create.change, address: create.address }],
    });

    // Act & Assess
    expect(changesDigest(one)).toBe(changesDigest(other));
  });

  it('differs when a resource change or an output change differs', () => {
    // Prepare
    const reviewed = JSON.stringify({ resource_changes: [update], output_changes: { url: { actions: ['no-op'] } } });
    const moreResources = JSON.stringify({
      resource_changes: [update, create],
      output_changes: { url: { actions: ['no-op'] } },
    });
    const otherOutput = JSON.stringify({
      resource_changes: [update],
      output_changes: { url: { actions: ['update'] } },
    });

    // Act & Assess
    expect(changesDigest(moreResources)).not.toBe(changesDigest(reviewed));
    expect(changesDigest(otherOutput)).not.toBe(changesDigest(reviewed));
  });

  it('leaves out what an apply does not act on: prior state, drift and configuration', () => {
    // Prepare
    const bare = JSON.stringify({ resource_changes: [update] });
    const full = JSON.stringify({
      resource_changes: [update],
      prior_state: { x: 1 },
      resource_drift: [create],
      configuration: {},
    });

    // Act & Assess
    expect(changesDigest(full)).toBe(changesDigest(bare));
  });

  it.each([
    'real-1.2-mixed.json',
    'real-1.2-destroy.json',
    'real-1.2-no-changes.json',
    'v1.2-tricky-names.json',
    'v1.0-moved.json',
  ])('writes %s exactly as the apply build’s jq program does', (name) => {
    // Prepare
    const planJson = fixture(name);

    // Act & Assess
    expect(canonicalChanges(planJson)).toBe(jq(planJson));
  });

  it('is the program buildspecs/apply.yml runs', () => {
    // Act
    const applyYml = readFileSync(new URL('../../../../buildspecs/apply.yml', import.meta.url), 'utf8');

    // Assess
    expect(applyYml).toContain(`jq -cjS '${changesJqProgram}'`);
  });

  it('sorts and escapes as jq does: by code point, DEL and control characters escaped', () => {
    // Prepare
    const planJson = JSON.stringify({
      resource_changes: [
        { address: 'b', values: { s: 'é\u007f\u0001 😀', '😀': 1, ｚ: 2 } },
        { address: 'a', deposed: 'x' },
        { address: 'a' },
      ],
    });

    // Act & Assess
    expect(canonicalChanges(planJson)).toBe(jq(planJson));
  });
});
