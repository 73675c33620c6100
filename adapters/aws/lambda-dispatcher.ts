import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { JobRequest } from '../../core/jobs/job-request';
import type { Dispatcher } from '../../core/ports';
import { AwsAdapterError, describedCall } from './aws-error';

export interface LambdaDispatcherOptions {
  client: LambdaClient;
  /** Name or ARN of the dispatcher Lambda. */
  functionName: string;
}

/** Hands a job request to the dispatcher Lambda with an asynchronous invoke: it never waits on a build. */
export class LambdaDispatcher implements Dispatcher {
  constructor(private readonly options: LambdaDispatcherOptions) {}

  async dispatch(request: JobRequest): Promise<void> {
    const { client, functionName } = this.options;
    const activity = `handing job ${request.jobId} to the dispatcher lambda ${functionName}`;
    const result = await describedCall('lambda_failed', activity, () =>
      client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
      ),
    );
    if (result.StatusCode !== undefined && result.StatusCode !== 202) {
      throw new AwsAdapterError('lambda_failed', `${activity}: status ${result.StatusCode} instead of 202`);
    }
  }
}
