/** Stable codes of the unexpected failures the AWS adapters throw. */
export type AwsErrorCode =
  | 'dynamodb_failed'
  | 'lock_contention'
  | 'corrupt_item'
  | 's3_failed'
  | 'codebuild_failed'
  | 'lambda_failed'
  | 'secret_missing';

/**
 * An unexpected failure while talking to AWS: a bug or an outage, never an expected outcome.
 * The message says what was being done; the SDK's error is kept as `cause`.
 */
export class AwsAdapterError extends Error {
  override name = 'AwsAdapterError';
  readonly code: AwsErrorCode;

  constructor(code: AwsErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

/** Whether an SDK error is DynamoDB refusing a write because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs one SDK call, wrapping anything it throws (except condition failures) once, with what was being done. */
export async function describedCall<T>(code: AwsErrorCode, activity: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConditionFailure(error) || error instanceof AwsAdapterError) throw error;
    throw new AwsAdapterError(code, activity, error);
  }
}
