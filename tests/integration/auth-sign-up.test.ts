import { randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-address";
import { signUp, type SignUpOutcome } from "@/lib/auth/sign-up";
import { db } from "@/lib/db";

// Sign-up through signUp, the function the sign-up action calls, against a real Postgres.
// LIMIT_SIGN_UPS_PER_HOUR is unset here: the default, 5 per address per hour.

afterAll(async () => {
  await db().$disconnect();
});

const PER_HOUR = 5;
const PASSWORD = "velvet tundra ankle bistro";
const newEmail = (tag = "new") => `${tag}-${randomUUID()}@example.test`;
const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const request = (socket: string, forwardedFor?: string) =>
  new Headers({ [CLIENT_IP_HEADER]: socket, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });
const accounts = (emails: string[]) => db().user.count({ where: { email: { in: emails } } });

describe("sign-ups per address", () => {
  it(`allows ${PER_HOUR} an hour, then says when to come back; X-Forwarded-For does not help; other addresses are unaffected`, async () => {
    const socket = address();
    const emails = Array.from({ length: PER_HOUR + 2 }, () => newEmail());
    for (const [i, email] of emails.slice(0, PER_HOUR).entries()) {
      expect((await signUp({ email, password: PASSWORD }, request(socket, `203.0.113.${i + 1}`))).status).toBe("created");
    }
    const refused = await signUp({ email: emails[PER_HOUR], password: PASSWORD }, request(socket, "198.51.100.99"));
    expect(refused.status).toBe("throttled");
    const retryAfterMs = (refused as Extract<SignUpOutcome, { status: "throttled" }>).retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(55 * 60_000);
    expect(retryAfterMs).toBeLessThanOrEqual(60 * 60_000);
    expect(await accounts(emails)).toBe(PER_HOUR);

    expect((await signUp({ email: emails[PER_HOUR + 1], password: PASSWORD }, request(address(), "198.51.100.99"))).status).toBe("created");
  });

  it("a concurrent burst creates no more than the allowance", async () => {
    const socket = address();
    const emails = Array.from({ length: 15 }, () => newEmail("burst"));
    const outcomes = await Promise.all(emails.map((email) => signUp({ email, password: PASSWORD }, request(socket))));
    expect(outcomes.filter((o) => o.status === "created")).toHaveLength(PER_HOUR);
    expect(outcomes.filter((o) => o.status === "throttled")).toHaveLength(15 - PER_HOUR);
    expect(await accounts(emails)).toBe(PER_HOUR);
  });

  it("asking whether an email is taken uses the allowance too (it reveals accounts)", async () => {
    const socket = address();
    const taken = newEmail("taken");
    expect((await signUp({ email: taken, password: PASSWORD }, request(socket))).status).toBe("created");
    for (let i = 1; i < PER_HOUR; i++) {
      expect((await signUp({ email: taken, password: PASSWORD }, request(socket))).status).toBe("email-taken");
    }
    expect((await signUp({ email: taken, password: PASSWORD }, request(socket))).status).toBe("throttled");
  });
});

describe("weak passwords", () => {
  const rows: [string, RegExp][] = [
    ["12345678", /ten most used passwords/],
    ["password1", /commonly used password/],
    ["qwertyuiop", /hundred most used passwords/],
  ];
  it.each(rows)("%s is refused with the estimator's reason; nothing is stored or counted", async (password, why) => {
    const socket = address();
    const email = newEmail("weak");
    for (let i = 0; i < PER_HOUR + 1; i++) {
      const outcome = await signUp({ email, password }, request(socket));
      expect(outcome.status).toBe("weak-password");
      expect((outcome as Extract<SignUpOutcome, { status: "weak-password" }>).message).toMatch(why);
    }
    expect(await accounts([email])).toBe(0);
    // The refusals used none of the address's allowance.
    expect((await signUp({ email, password: PASSWORD }, request(socket))).status).toBe("created");
  });

  it("a password made of the person's own email is refused", async () => {
    const outcome = await signUp({ email: "ottoline.brack@example.test", password: "ottoline.brack" }, request(address()));
    expect(outcome.status).toBe("weak-password");
  });
});

describe("bad input", () => {
  const rows: [string, unknown, string][] = [
    ["nothing", undefined, "body"],
    ["null", null, "body"],
    ["an array", [], "body"],
    ["a short password", { email: "a@example.test", password: "short" }, "password"],
    ["not an email", { email: "nobody", password: PASSWORD }, "email"],
    ["a long name", { name: "n".repeat(81), email: "a@example.test", password: PASSWORD }, "name"],
    ["a password too long", { email: "a@example.test", password: "x".repeat(201) }, "password"],
    ["wrong types", { email: 42, password: { a: 1 } }, "email"],
  ];
  it.each(rows)("%s answers the field that is wrong, and counts nothing", async (_name, raw, field) => {
    const before = await db().signUpAttempt.count();
    const outcome = await signUp(raw, request(address()));
    expect(outcome.status).toBe("invalid");
    const fields = (outcome as Extract<SignUpOutcome, { status: "invalid" }>).fields;
    expect(fields[field]?.[0]?.length ?? 0, JSON.stringify(fields)).toBeGreaterThan(5);
    expect(await db().signUpAttempt.count()).toBe(before);
  });
});
