import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIdFromArn, readCodeBuildEvent } from '../../../../adapters/aws/codebuild-event';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/codebuild/${name}.json`, import.meta.url), 'utf8'));
const buildId = 'infrabot-plan:8745a7a9-c340-456a-9166-edf953571bef';
const logUrl =
  'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEvent:group=/aws/codebuild/infrabot-plan;stream=8745a7a9-c340-456a-9166-edf953571bef';

describe('readCodeBuildEvent', () => {
  it('reads a succeeded build as the outcome of the job named in its environment', () => {
    const reading = readCodeBuildEvent(fixture('succeeded'));

    expect(reading).toMatchObject({
      kind: 'finished',
      outcome: { jobId: 'j-lx2k3-ab12', buildId, result: 'succeeded', logUrl },
    });
    expect(reading.kind === 'finished' && reading.outcome.detail).toBeUndefined();
  });

  it.each([
    [
      'failed',
      'failed',
      'BUILD phase FAILED: COMMAND_EXECUTION_ERROR: Error while executing command: ./ci/plan.sh. Reason: exit status 1',
    ],
    ['stopped', 'stopped', 'BUILD phase STOPPED'],
    ['timed-out', 'timed_out', 'BUILD phase TIMED_OUT: BUILD_TIMED_OUT: Build has timed out. '],
  ])('reads a %s build with the phase that ended it', (name, result, detail) => {
    const reading = readCodeBuildEvent(fixture(name));

    expect(reading).toMatchObject({ kind: 'finished', outcome: { jobId: 'j-lx2k3-ab12', buildId, result, detail } });
  });

  it('leaves out the log link when the event has none', () => {
    const reading = readCodeBuildEvent(fixture('stopped'));

    expect(reading.kind === 'finished' && 'logUrl' in reading.outcome).toBe(false);
  });

  it('ignores a build still in progress and a build infrabot did not start', () => {
    expect(readCodeBuildEvent(fixture('in-progress'))).toEqual({ kind: 'ignored', why: 'build status IN_PROGRESS' });
    expect(readCodeBuildEvent(fixture('not-infrabot'))).toMatchObject({ kind: 'ignored' });
  });

  it('names what is wrong with an event that is not a build state change', () => {
    const reading = readCodeBuildEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });

    expect(reading.kind).toBe('invalid');
    expect(reading.kind === 'invalid' && reading.why).toContain('CodeBuild Build State Change');
  });

  it('turns a build ARN into the id StartBuild returned', () => {
    expect(buildIdFromArn('arn:aws:codebuild:eu-west-1:123456789012:build/infrabot-plan:abc')).toBe(
      'infrabot-plan:abc',
    );
  });
});
