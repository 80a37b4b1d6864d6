/**
 * Every way a request upstream can fail, as a code the studio stores and the UI switches on,
 * with the message a person reads. Nothing here is billed: the upstream charges only success.
 */
export const UPSTREAM_ERROR_CODES = [
  "upstream_invalid_params",
  "upstream_misconfigured",
  "upstream_insufficient_credits",
  "upstream_rate_limited",
  "upstream_server_error",
  "upstream_unavailable",
  "upstream_timeout",
  "upstream_connection",
  "upstream_bad_output",
  "upstream_interrupted",
  "upstream_job_failed",
  "upstream_job_lost",
  "upstream_output_missing",
] as const;
export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    readonly opts: { status?: number; retryable?: boolean; retryAfterMs?: number; detail?: string } = {},
  ) {
    super(message);
    this.name = "UpstreamError";
  }
  get retryable(): boolean {
    return this.opts.retryable ?? false;
  }
}

/** Pulls a readable message out of an error body, JSON (`error`, `message`, `detail`) or text. */
export function messageFromBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  try {
    const json: unknown = JSON.parse(trimmed);
    if (json && typeof json === "object") {
      const o = json as Record<string, unknown>;
      for (const key of ["error", "message", "detail", "msg"]) {
        const v = o[key];
        if (typeof v === "string" && v) return v.slice(0, 500);
        if (v && typeof v === "object" && typeof (v as { message?: unknown }).message === "string") {
          return String((v as { message: string }).message).slice(0, 500);
        }
      }
    }
  } catch {
    // not JSON: fall through to text
  }
  if (/^<(!doctype|html)/i.test(trimmed)) return "";
  return trimmed.slice(0, 500);
}

/** Milliseconds to wait before retrying, from `Retry-After` or `x-rate-limit-reset-at-utc`. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get("x-rate-limit-reset-at-utc");
  if (reset) {
    const numeric = Number(reset);
    const at = Number.isFinite(numeric) ? (numeric > 1e12 ? numeric : numeric * 1000) : Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/** Maps a non-2xx answer to the error a person can act on. */
export function errorForStatus(status: number, bodyText: string, headers: Headers): UpstreamError {
  const said = messageFromBody(bodyText);
  const because = said ? `: ${said}` : ".";
  switch (status) {
    case 400:
      return new UpstreamError("upstream_invalid_params", `Segmind rejected the parameters${because}`, { status, detail: said });
    case 401:
    case 403:
    case 404:
      return new UpstreamError(
        "upstream_misconfigured",
        `The studio is misconfigured (Segmind answered ${status}${said ? `: ${said}` : ""}). This is not your fault; tell the operator. You were not charged.`,
        { status, detail: said },
      );
    case 406:
      return new UpstreamError(
        "upstream_insufficient_credits",
        `The Segmind account cannot pay for this generation${because} You were not charged.`,
        { status, detail: said },
      );
    case 429:
      return new UpstreamError("upstream_rate_limited", "Segmind is busy (rate limited). Try again in a minute.", {
        status,
        retryable: true,
        retryAfterMs: retryAfterMs(headers),
        detail: said,
      });
    case 500:
      return new UpstreamError("upstream_server_error", `Segmind failed while generating${because} Try again.`, {
        status,
        retryable: true,
        detail: said,
      });
    case 502:
    case 503:
      return new UpstreamError("upstream_unavailable", "Segmind is unavailable right now. Try again in a few minutes.", {
        status,
        retryable: true,
        detail: said,
      });
    case 504:
      return new UpstreamError("upstream_timeout", "Segmind timed out while generating. Try again.", {
        status,
        retryable: true,
        detail: said,
      });
    default:
      return new UpstreamError("upstream_server_error", `Segmind answered ${status}${because}`, {
        status,
        retryable: status >= 500,
        detail: said,
      });
  }
}
