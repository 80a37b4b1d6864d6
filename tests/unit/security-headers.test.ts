import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/security-headers";

const names = (https: boolean) => securityHeaders({ dev: false, https }).map((h) => h.key);

describe("security headers", () => {
  it("tell browsers to keep to https only when the studio is served over https", () => {
    expect(names(true)).toContain("Strict-Transport-Security");
    expect(securityHeaders({ dev: false, https: true }).find((h) => h.key === "Strict-Transport-Security")?.value).toMatch(/max-age=\d{8,}/);
    expect(names(false)).not.toContain("Strict-Transport-Security"); // over plain http it would lock a local studio out
  });

  it("allow eval only in development", () => {
    const csp = (dev: boolean) => securityHeaders({ dev, https: false }).find((h) => h.key === "Content-Security-Policy")!.value;
    expect(csp(true)).toContain("'unsafe-eval'");
    expect(csp(false)).not.toContain("'unsafe-eval'");
  });
});
