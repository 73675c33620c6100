/** Why a document could not be summarized as a Terraform plan. */
export type PlanErrorCode =
  | 'plan_not_json'
  | 'plan_not_an_object'
  | 'plan_no_format_version'
  | 'plan_unsupported_format'
  | 'plan_is_state'
  | 'plan_malformed'
  | 'plan_unknown_action';

/**
 * A document that is not a `terraform show -json` plan we can read. The message is one line that says what
 * was wrong and how to get a usable file, fit to show a user as is.
 */
export class PlanFormatError extends Error {
  override name = 'PlanFormatError';
  readonly code: PlanErrorCode;

  constructor(code: PlanErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
