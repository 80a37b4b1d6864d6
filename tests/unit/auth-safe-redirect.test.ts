import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeRedirect } from "@/lib/auth/safe-redirect";

// Every value an attacker could put in `callbackUrl` to send a signed-in person elsewhere.
const hostile: [string, unknown][] = [
  ["protocol-relative", "//evil.example/x"],
  ["slash backslash", "/\\evil.example/x"],
  ["two backslashes", "\\\\evil.example"],
  ["backslash slash", "\\/evil.example"],
  ["three slashes", "///evil.example"],
  ["tab between slashes", "/\t/evil.example"],
  ["newline between slashes", "/\n/evil.example"],
  ["carriage return between slashes", "/\r/evil.example"],
  ["encoded tab", "/%09/evil.example"],
  ["encoded newline", "/%0a/evil.example"],
  ["encoded slashes", "/%2F%2Fevil.example"],
  ["one encoded slash", "/%2Fevil.example"],
  ["encoded backslash", "/%5Cevil.example"],
  ["double-encoded backslash", "/%255Cevil.example"],
  ["double-encoded slash", "/%252F/evil.example"],
  ["malformed encoding", "/%E0%A4%A"],
  ["javascript scheme", "javascript:alert(1)"],
  ["javascript after a slash-less scheme case", "JaVaScRiPt:alert(1)"],
  ["data scheme", "data:text/html,<script>alert(1)</script>"],
  ["absolute http", "http://evil.example"],
  ["absolute https", "https://evil.example/x"],
  ["scheme without slashes", "https:evil.example"],
  ["userinfo", "//evil.example@studio.example"],
  ["leading space", " /x"],
  ["trailing space", "/x "],
  ["leading tab", "\t/x"],
  ["no leading slash", "gallery"],
  ["fullwidth solidus", "／／evil.example"],
  ["fraction slash", "⁄⁄evil.example"],
  ["division slash", "∕∕evil.example"],
  ["slash then fullwidth solidus", "/／evil.example"],
  ["fullwidth reverse solidus", "/＼evil.example"],
  ["header injection", "/x\nLocation: //evil.example"],
  ["encoded header injection in the path", "/x%0d%0aLocation:%20//evil.example"],
  ["NUL", "/x\u0000"],
  ["zero-width space", "/\u200b/evil.example"],
  ["non-breaking space", "/\u00a0/evil.example"],
  ["line separator", "/\u2028/evil.example"],
  ["right-to-left override", "/\u202e/elpmaxe.live"],
  ["dot segments into //", "/.//evil.example"],
  ["dot-dot segments into //", "/..//evil.example"],
  ["encoded dot-dot into //", "/%2e%2e//evil.example"],
  ["backslash in the query", "/gallery?next=\\evil"],
  ["too long", `/${"a".repeat(5000)}`],
  ["empty", ""],
  ["undefined", undefined],
  ["null", null],
  ["number", 42],
  ["array", ["/gallery", "//evil.example"]],
  ["object", { toString: () => "/gallery" }],
];

const good: [string, string][] = [
  ["/", "/"],
  ["/gallery", "/gallery"],
  ["/gallery?style=clay#x", "/gallery?style=clay#x"],
  ["/gallery?q=fox%20cub&status=SUCCEEDED", "/gallery?q=fox%20cub&status=SUCCEEDED"],
  ["/usage?scope=all", "/usage?scope=all"],
  ["/v/abc123", "/v/abc123"],
  ["/gallery/clx1?x=//not-a-host", "/gallery/clx1?x=//not-a-host"],
];

describe("safeRedirect", () => {
  it.each(hostile)("%s → /", (_name, value) => {
    expect(safeRedirect(value)).toBe("/");
  });

  it.each(good)("%s is kept", (value, expected) => {
    expect(safeRedirect(value)).toBe(expected);
  });

  it("whatever it answers stays on the site", () => {
    for (const [, value] of hostile) {
      const out = safeRedirect(value);
      expect(new URL(out, "https://studio.example").origin).toBe("https://studio.example");
    }
  });
});

describe("safeAuthRedirect (Auth.js redirect callback)", () => {
  const base = "http://localhost:3000";
  const rows: [string, string][] = [
    ["/gallery?style=clay#x", `${base}/gallery?style=clay#x`],
    [`${base}/gallery`, `${base}/gallery`],
    [`${base}//evil.example/x`, `${base}/`],
    [`${base}/\\evil.example`, `${base}/`],
    ["//evil.example/x", `${base}/`],
    ["/\\evil.example/x", `${base}/`],
    ["https://evil.example/x", `${base}/`],
    ["http://localhost:3001/x", `${base}/`],
    ["https:evil.example", `${base}/`],
    ["javascript:alert(1)", `${base}/`],
    ["not a url", `${base}/`],
  ];
  it.each(rows)("%s → %s", (url, expected) => {
    expect(safeAuthRedirect(url, base)).toBe(expected);
  });
});
