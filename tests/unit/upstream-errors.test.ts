import { describe, expect, it } from "vitest";
import { parseRange } from "@/lib/api/range";
import { backoffMs } from "@/lib/segmind/client";
import { errorForStatus, messageFromBody, retryAfterMs } from "@/lib/segmind/errors";

describe("every upstream status maps to a typed error", () => {
  const rows: [number, string, boolean][] = [
    [400, "upstream_invalid_params", false],
    [401, "upstream_misconfigured", false],
    [403, "upstream_misconfigured", false],
    [404, "upstream_misconfigured", false],
    [406, "upstream_insufficient_credits", false],
    [429, "upstream_rate_limited", true],
    [500, "upstream_server_error", true],
    [502, "upstream_unavailable", true],
    [503, "upstream_unavailable", true],
    [504, "upstream_timeout", true],
  ];
  it.each(rows)("%i → %s (retry: %s)", (status, code, retryable) => {
    const e = errorForStatus(status, JSON.stringify({ error: "said by upstream" }), new Headers());
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(retryable);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it("quotes which parameter is wrong on a 400", () => {
    expect(errorForStatus(400, '{"error":"seed must be an integer"}', new Headers()).message).toContain("seed must be an integer");
  });

  it("reads the message of a 406 (credits, spend limit or content type)", () => {
    expect(errorForStatus(406, "Insufficient credits", new Headers()).message).toContain("Insufficient credits");
  });

  it("never shows an HTML error page to the user", () => {
    expect(messageFromBody("<!DOCTYPE html><html>…</html>")).toBe("");
  });
});

describe("retry timing", () => {
  it("honours Retry-After in seconds and as a date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "7" }))).toBe(7000);
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" }), now)).toBe(30_000);
  });
  it("honours x-rate-limit-reset-at-utc", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(retryAfterMs(new Headers({ "x-rate-limit-reset-at-utc": "2026-11-25T12:00:05Z" }), now)).toBe(5000);
  });
  it("backs off exponentially with jitter, within bounds", () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      const ms = backoffMs(attempt, 1000);
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** (attempt - 1));
      expect(ms).toBeLessThanOrEqual(1500 * 2 ** (attempt - 1));
    }
    expect(backoffMs(1, 1000, 3000)).toBe(3000);
  });
});

describe("Range headers", () => {
  it.each([
    [null, null],
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=100-", { start: 100, end: 999 }],
    ["bytes=-100", { start: 900, end: 999 }],
    ["bytes=900-5000", { start: 900, end: 999 }],
    ["bytes=1000-", "unsatisfiable"],
    ["bytes=5-2", "unsatisfiable"],
    ["items=0-1", null],
  ] as const)("%s", (header, expected) => expect(parseRange(header, 1000)).toEqual(expected));
});
