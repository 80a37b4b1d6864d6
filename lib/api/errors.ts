/** The one error contract: `{ error: { code, message, fields? } }`, status derived from the code. */
export const ERROR_STATUS = {
  invalid_params: 400,
  invalid_json: 400,
  unauthorized: 401,
  budget_exceeded: 402,
  cross_origin: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  idempotency_key_reused: 422,
  rate_limited: 429,
  concurrency_limited: 429,
  internal_error: 500,
  upstream_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

export type ApiErrorBody = { error: { code: ApiErrorCode; message: string; fields?: Record<string, string[]> } };

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}
