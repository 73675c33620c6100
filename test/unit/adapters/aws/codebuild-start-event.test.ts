import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBuildStart } from '../../../../adapters/aws/codebuild-start-event';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/codebuild/${name}.json`, import.meta.url), 'utf8'));
const started = fixture('queued-phase-completed');
const detail = started.detail as Record<string, unknown>;

describe('readBuildStart', () => {
  it('reads the end of the queued phase as the start of the build of the job named in its environment', () => {
    expect(readBuildStart(started)).toEqual({
      kind: 'started',
      jobId: 'j-lx2k3-ab12',
      buildId: 'infrabot-plan:8745a7a9-c340-456a-9166-edf953571bef',
    });
  });

  it('ignores the end of any other phase', () => {
    const reading = readBuildStart({ ...started, detail: { ...detail, 'completed-phase': 'INSTALL' } });

    expect(reading).toEqual({ kind: 'ignored', why: 'completed phase INSTALL' });
  });

  it('ignores a build that infrabot did not start', () => {
    const reading = readBuildStart({ ...started, detail: { ...detail, 'additional-information': {} } });

    expect(reading).toMatchObject({ kind: 'ignored', why: expect.stringContaining('has no INFRABOT_JOB_ID') });
  });

  it('says what is missing from a phase change it cannot read, and leaves other events to other readers', () => {
    const reading = readBuildStart({ ...started, detail: { 'build-id': 'x' } });

    expect(reading).toMatchObject({ kind: 'invalid', why: expect.stringContaining('completed-phase') });
    expect(readBuildStart(fixture('succeeded'))).toEqual({ kind: 'other' });
    expect(readBuildStart('nonsense')).toEqual({ kind: 'other' });
  });
});
