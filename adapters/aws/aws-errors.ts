/** Helpers to read the errors the AWS SDK throws, without depending on a service's exception classes. */

const throttlingNames = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** The error's name (`NoSuchDistribution`, `Throttling`…), or undefined when it is not an Error. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** Whether the SDK gave up on a throttled call (it already retried with its own backoff). */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const retryable = (error as { $retryable?: { throttling?: boolean } }).$retryable;
  return throttlingNames.has(error.name) || retryable?.throttling === true;
}

/** A failure of an AWS call that is a bug or an outage, not an outcome: keeps the call and the cause. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  readonly code: string;

  constructor(activity: string, cause: unknown) {
    super(`${activity}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.code = `aws_${awsErrorName(cause) ?? 'unknown'}`;
  }
}
