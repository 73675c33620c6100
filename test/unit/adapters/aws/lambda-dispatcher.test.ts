import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaDispatcher } from '../../../../adapters/aws/lambda-dispatcher';
import type { JobRequest } from '../../../../core/jobs/job-request';

const lambda = mockClient(LambdaClient);
const request: JobRequest = {
  jobId: 'j-lx2k3-ab12',
  action: 'plan',
  stack: 'aws/prod/network',
  sha: '0123456789abcdef0123456789abcdef01234567',
  pr: 12,
  requestedBy: { source: 'slack', id: 'U012ABCDEF' },
  reply: { channel: 'C0123ABC', ts: '1700000000.000100' },
};

beforeEach(() => lambda.reset());

describe('LambdaDispatcher', () => {
  it('invokes the dispatcher asynchronously with the job request as JSON', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const dispatcher = new LambdaDispatcher({
      client: new LambdaClient({ region: 'eu-west-1' }),
      functionName: 'infrabot-dispatcher',
    });

    await dispatcher.dispatch(request);

    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect({ ...input, Payload: JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array)) }).toEqual({
      FunctionName: 'infrabot-dispatcher',
      InvocationType: 'Event',
      Payload: request,
    });
  });

  it('throws a coded error when Lambda does not accept the event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
    const dispatcher = new LambdaDispatcher({
      client: new LambdaClient({ region: 'eu-west-1' }),
      functionName: 'infrabot-dispatcher',
    });

    await expect(dispatcher.dispatch(request)).rejects.toMatchObject({
      code: 'lambda_failed',
      message: 'handing job j-lx2k3-ab12 to the dispatcher lambda infrabot-dispatcher: status 500 instead of 202',
    });
  });
});
