import type { Billing } from "@/lib/generation/ledger";

/**
 * Every way a request upstream can fail, as a code the studio stores and the UI switches on,
 * with a sentence saying what happened. What it cost is said by the pipeline that settles the
 * generation (lib/jobs/ledger.ts), which knows whether Segmind billed it.
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

export type UpstreamErrorOptions = {
  status?: number;
  /** A later try may succeed (busy, unreachable, slow). Whether a retry is *safe* is `billing`'s call. */
  retryable?: boolean;
  retryAfterMs?: number;
  detail?: string;
  /** Whether Segmind may have billed the request that failed; "maybe" unless it provably did not. */
  billing?: Billing;
};

export class UpstreamError extends Error {
  readonly billing: Billing;
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    readonly opts: UpstreamErrorOptions = {},
  ) {
    super(message);
    this.name = "UpstreamError";
    this.billing = opts.billing ?? "maybe";
  }
  get retryable(): boolean {
    return this.opts.retryable ?? false;
  }
  /** A submission may be sent again: the failure is transient and no job can exist. */
  get resubmittable(): boolean {
    return this.retryable && this.billing === "none";
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

/**
 * Maps a non-2xx answer to the error a person can act on. A 4xx is a refusal before any job
 * existed (not billed); a 5xx may have come after the job was made (maybe billed).
 */
export function errorForStatus(status: number, bodyText: string, headers: Headers): UpstreamError {
  const said = messageFromBody(bodyText);
  const because = said ? `: ${said}` : ".";
  switch (status) {
    case 400:
      return new UpstreamError("upstream_invalid_params", `Segmind rejected the parameters${because}`, { status, detail: said, billing: "none" });
    case 401:
    case 403:
    case 404:
      return new UpstreamError(
        "upstream_misconfigured",
        `The studio is misconfigured (Segmind answered ${status}${said ? `: ${said}` : ""}). This is not your fault; tell the operator.`,
        { status, detail: said, billing: "none" },
      );
    case 406:
      return new UpstreamError("upstream_insufficient_credits", `The Segmind account cannot pay for this generation${because}`, {
        status,
        detail: said,
        billing: "none",
      });
    case 429:
      return new UpstreamError("upstream_rate_limited", "Segmind is busy (rate limited).", {
        status,
        retryable: true,
        retryAfterMs: retryAfterMs(headers),
        detail: said,
        billing: "none",
      });
    case 500:
      return new UpstreamError("upstream_server_error", `Segmind failed (HTTP 500)${because}`, { status, retryable: true, detail: said });
    case 502:
    case 503:
      return new UpstreamError("upstream_unavailable", `Segmind was unavailable (HTTP ${status}).`, { status, retryable: true, detail: said });
    case 504:
      return new UpstreamError("upstream_timeout", "Segmind timed out (HTTP 504).", { status, retryable: true, detail: said });
    default:
      return new UpstreamError("upstream_server_error", `Segmind answered ${status}${because}`, {
        status,
        retryable: status >= 500,
        detail: said,
        billing: status < 500 ? "none" : "maybe",
      });
  }
}

// Failures that happen before a request leaves this machine: nothing reached Segmind.
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** A failed connection: never sent (refused, no such host) is not billed; anything later may be. */
export function connectionError(error: unknown): UpstreamError {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  const detail = code ?? cause?.message ?? (error as Error)?.message;
  return code && NEVER_SENT.has(code)
    ? new UpstreamError("upstream_connection", `Could not reach Segmind (${code}).`, { retryable: true, detail, billing: "none" })
    : new UpstreamError("upstream_connection", "The connection to Segmind was lost before its answer arrived.", { retryable: true, detail });
}

export function timeoutError(what: string, ms: number): UpstreamError {
  return new UpstreamError("upstream_timeout", `Segmind did not ${what} within ${Math.max(1, Math.round(ms / 1000))} s.`, { retryable: true });
}
