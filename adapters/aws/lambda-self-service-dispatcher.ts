import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SelfServiceDispatcher } from '../../core/ports';
import type { SelfServiceTask } from '../../core/selfservice/task';
import { AwsCallError } from './aws-errors';

/**
 * Hands self-service tasks to the worker Lambda with an asynchronous invoke (`InvocationType: Event`), so
 * that the Slack Lambda answers within Slack's 3 seconds and the worker polls on its own clock.
 */
export class LambdaSelfServiceDispatcher implements SelfServiceDispatcher {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async dispatch(task: SelfServiceTask): Promise<void> {
    const command = new InvokeCommand({
      FunctionName: this.functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(task)),
    });
    try {
      const output = await this.client.send(command);
      if (output.StatusCode !== 202) throw new Error(`Lambda answered ${output.StatusCode} instead of 202`);
    } catch (error) {
      throw new AwsCallError(`handing ${task.kind} to the worker lambda ${this.functionName}`, error);
    }
  }
}
