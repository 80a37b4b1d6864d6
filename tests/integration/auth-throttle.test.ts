import { randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { checkSignIn, type SignInOutcome } from "@/lib/auth/credentials";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-address";
import { db } from "@/lib/db";
import { MAX_FAILURES_PER_EMAIL } from "@/lib/data/sign-in-attempts";

/** SECURITY.md: 50 failures from one address in 15 minutes (LIMIT_SIGN_IN_FAILURES_PER_ADDRESS, default). */
const MAX_FAILURES_PER_IP = 50;
import { createUserWithPassword } from "@/lib/data/users";

// Sign-in limits through checkSignIn, the function the credentials provider calls, against a real
// Postgres. TRUSTED_PROXY_HOPS is unset here (0): the address is the socket's, from the header
// scripts/serve.ts sets.

afterAll(async () => {
  await db().$disconnect();
});

const PASSWORD = "velvet tundra ankle bistro";
const email = (tag: string) => `${tag}-${randomUUID()}@example.test`;
/** A client address no other test uses. */
const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const request = (socket: string, forwardedFor?: string) =>
  new Headers({ [CLIENT_IP_HEADER]: socket, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });
const tally = (outcomes: SignInOutcome[]) => ({
  checked: outcomes.filter((o) => o.status === "invalid").length,
  throttled: outcomes.filter((o) => o.status === "throttled").length,
  signedIn: outcomes.filter((o) => o.status === "signed-in").length,
});

describe("per email", () => {
  it("40 concurrent wrong passwords for one email: at most 10 are checked, the rest are refused unchecked", async () => {
    const victim = email("burst");
    await createUserWithPassword({ email: victim, password: PASSWORD });
    // Forty clients (forty addresses, so only the email's limit applies), all at once.
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => checkSignIn({ email: victim, password: `wrong-${i}` }, request(address()))),
    );

    expect(tally(outcomes)).toEqual({ checked: MAX_FAILURES_PER_EMAIL, throttled: 40 - MAX_FAILURES_PER_EMAIL, signedIn: 0 });
    // A place is recorded before each password check, so the recorded attempts are the checks made.
    expect(await db().signInAttempt.count({ where: { email: victim } })).toBe(MAX_FAILURES_PER_EMAIL);
    // Now even the right password is refused, without being checked.
    expect((await checkSignIn({ email: victim, password: PASSWORD }, request(address()))).status).toBe("throttled");
  });

  it("the right password signs in and is not counted as a failure", async () => {
    const user = email("ok");
    await createUserWithPassword({ email: user, password: PASSWORD });
    const socket = address();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL + 2; i++) {
      expect((await checkSignIn({ email: user, password: PASSWORD }, request(socket))).status).toBe("signed-in");
    }
    expect(await db().signInAttempt.count({ where: { email: user } })).toBe(0);
    // Nine failures and it still works: the limit counts failures only.
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) {
      expect((await checkSignIn({ email: user, password: `nope-${i}` }, request(socket))).status).toBe("invalid");
    }
    expect((await checkSignIn({ email: user, password: PASSWORD }, request(socket))).status).toBe("signed-in");
  });
});

describe("per address", () => {
  it("rotating X-Forwarded-For does not escape the address's limit (TRUSTED_PROXY_HOPS=0)", async () => {
    const attacker = address();
    // Sixty guesses against sixty accounts, each claiming another address in X-Forwarded-For.
    const outcomes = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_IP + 10 }, (_, i) =>
        checkSignIn({ email: email(`spray${i}`), password: "Winter2026!" }, request(attacker, `203.0.113.${i + 1}`)),
      ),
    );
    expect(tally(outcomes)).toEqual({ checked: MAX_FAILURES_PER_IP, throttled: 10, signedIn: 0 });
    expect(await db().signInAttempt.count({ where: { ip: attacker } })).toBe(MAX_FAILURES_PER_IP);
    // A forged chain with a fresh left-most entry changes nothing either.
    expect((await checkSignIn({ email: email("spray"), password: "x" }, request(attacker, "198.51.100.1, 198.51.100.2"))).status).toBe("throttled");

    // The limit is the attacker's, not everyone's: another address still gets its guesses checked.
    expect((await checkSignIn({ email: email("bystander"), password: "x" }, request(address(), "203.0.113.1"))).status).toBe("invalid");
  });

  it("an IPv6 client rotating inside its /64 stays one address", async () => {
    const prefix = `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}`;
    const outcomes = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_IP + 5 }, (_, i) =>
        checkSignIn({ email: email(`v6-${i}`), password: "x" }, request(`${prefix}::${(i + 1).toString(16)}`)),
      ),
    );
    expect(tally(outcomes)).toEqual({ checked: MAX_FAILURES_PER_IP, throttled: 5, signedIn: 0 });
  });
});

describe("bad input", () => {
  const rows: [string, unknown][] = [
    ["nothing", undefined],
    ["null", null],
    ["a string", "demo@pixverse.studio"],
    ["no password", { email: "a@example.test" }],
    ["not an email", { email: "nobody", password: "x" }],
    ["a password too long", { email: "a@example.test", password: "x".repeat(201) }],
    ["wrong types", { email: ["a@example.test"], password: 12345678 }],
  ];
  it.each(rows)("%s is refused without touching the limits", async (_name, raw) => {
    const before = await db().signInAttempt.count();
    expect((await checkSignIn(raw, request(address()))).status).toBe("invalid");
    expect(await db().signInAttempt.count()).toBe(before);
  });
});
