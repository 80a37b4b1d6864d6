import "server-only";
import { reserveSignUp } from "@/lib/data/sign-in-attempts";
import { createUserWithPassword, EmailTakenError } from "@/lib/data/users";
import { env } from "@/lib/env";
import { fieldErrors } from "@/lib/generation/schema";
import { requestAddressKey } from "./credentials";
import { signUpSchema, type SignUpInput } from "./schema";

type Headers = { get(name: string): string | null };

export type SignUpOutcome =
  | { status: "created"; input: SignUpInput }
  | { status: "invalid"; fields: Record<string, string[]> }
  | { status: "weak-password"; message: string }
  | { status: "throttled"; retryAfterMs: number }
  | { status: "email-taken" };

/**
 * The sign-up action's whole decision: the form's rules, then the password's strength (no
 * database), then the address's hourly allowance, then the account. A refused form or a weak
 * password does not use up the allowance; a taken email does (it answers whether an email has an
 * account, so it is limited like the rest).
 */
export async function signUp(raw: unknown, headers: Headers): Promise<SignUpOutcome> {
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { status: "invalid", fields: fieldErrors(parsed.error) };
  const input = parsed.data;
  // Loaded on first use, on the server: the estimator's dictionaries stay out of the browser.
  const { passwordWeakness } = await import("./password-strength");
  const weakness = passwordWeakness(input.password, [input.email, input.name ?? ""]);
  if (weakness) return { status: "weak-password", message: weakness };
  const slot = await reserveSignUp(requestAddressKey(headers), env().LIMIT_SIGN_UPS_PER_HOUR);
  if (!slot.ok) return { status: "throttled", retryAfterMs: slot.retryAfterMs };
  try {
    await createUserWithPassword(input);
  } catch (error) {
    if (error instanceof EmailTakenError) return { status: "email-taken" };
    throw error;
  }
  return { status: "created", input };
}
