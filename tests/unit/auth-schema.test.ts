import { describe, expect, it } from "vitest";
import { signUpSchema } from "@/lib/auth/schema";

describe("the sign-up form's rules", () => {
  it.each([
    ["a NUL in the name", { name: "Ada\u0000", email: "ada@example.test", password: "a-long-passphrase" }, "name"],
    ["a name over 80 characters", { name: "x".repeat(81), email: "ada@example.test", password: "a-long-passphrase" }, "name"],
    ["no email", { email: "nope", password: "a-long-passphrase" }, "email"],
    ["a short password", { email: "ada@example.test", password: "short" }, "password"],
  ])("refuse %s, naming the field", (_name, input, field) => {
    const parsed = signUpSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toEqual([field]);
  });

  it("accept a plain one", () => {
    expect(signUpSchema.safeParse({ name: "Ada", email: "Ada@Example.test", password: "a-long-passphrase" })).toMatchObject({ success: true, data: { email: "ada@example.test" } });
  });
});
