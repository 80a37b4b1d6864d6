import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

const names = (https: boolean) => securityHeaders({ https }).map((h) => h.key);

describe("security headers", () => {
  it("tell browsers to keep to https only when the studio is served over https", () => {
    expect(names(true)).toContain("Strict-Transport-Security");
    expect(securityHeaders({ https: true }).find((h) => h.key === "Strict-Transport-Security")?.value).toMatch(/max-age=\d{8,}/);
    expect(names(false)).not.toContain("Strict-Transport-Security"); // over plain http it would lock a local studio out
  });

  it("let a page run only the scripts that carry its nonce, and nothing inline", () => {
    const page = contentSecurityPolicy({ dev: false, nonce: "abc123" });
    expect(page).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(page).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(contentSecurityPolicy({ dev: false })).toContain("script-src 'self';"); // JSON and media: no scripts of their own
  });

  it("allow eval only in development", () => {
    expect(contentSecurityPolicy({ dev: true, nonce: "n" })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ dev: false, nonce: "n" })).not.toContain("'unsafe-eval'");
  });
});
