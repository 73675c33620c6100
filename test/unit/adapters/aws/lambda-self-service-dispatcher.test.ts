import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaSelfServiceDispatcher } from '../../../../adapters/aws/lambda-self-service-dispatcher';
import type { SelfServiceTask } from '../../../../core/selfservice/task';

const client = new LambdaClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const lambda = mockClient(client);
const task: SelfServiceTask = {
  kind: 'cdn.invalidate',
  userId: 'UDEV',
  channel: 'C0123ABC',
  triggerId: '1.2.abc',
  target: 'images',
  paths: ['/logo.png'],
};

describe('LambdaSelfServiceDispatcher', () => {
  beforeEach(() => {
    lambda.reset();
  });

  it('invokes the worker asynchronously with the task as JSON', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    await new LambdaSelfServiceDispatcher(client, 'infrabot-selfservice-worker').dispatch(task);

    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect({ ...input, Payload: new TextDecoder().decode(input?.Payload as Uint8Array) }).toEqual({
      FunctionName: 'infrabot-selfservice-worker',
      InvocationType: 'Event',
      Payload: JSON.stringify(task),
    });
  });

  it('throws a typed error when the invoke is not accepted', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });

    const dispatching = new LambdaSelfServiceDispatcher(client, 'worker').dispatch(task);

    await expect(dispatching).rejects.toMatchObject({
      name: 'AwsCallError',
      message: 'handing cdn.invalidate to the worker lambda worker: Lambda answered 500 instead of 202',
    });
  });
});
