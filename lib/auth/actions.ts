"use server";
import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import { currentUser, signIn, signOut } from "@/lib/auth";
import { revokeAllSessions } from "./sessions";
import { fieldErrors } from "@/lib/generation/schema";
import { safeRedirect } from "./safe-redirect";
import { credentialsSchema } from "./schema";
import { signUp } from "./sign-up";

export type AuthActionResult = { error: string; fields?: Record<string, string[]> } | undefined;

async function signInWith(email: string, password: string, redirectTo: string): Promise<AuthActionResult> {
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      return { error: "Too many failed sign-ins for this account or from this network. Wait 15 minutes, then try again." };
    }
    if (error instanceof AuthError) return { error: "That email and password don't match an account." };
    throw error;
  }
}

export async function signInAction(input: { email: string; password: string; callbackUrl?: string }): Promise<AuthActionResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { error: "Check the highlighted fields.", fields: fieldErrors(parsed.error) };
  return signInWith(parsed.data.email, parsed.data.password, safeRedirect(input.callbackUrl));
}

export async function signUpAction(input: { name?: string; email: string; password: string }): Promise<AuthActionResult> {
  const outcome = await signUp(input, await headers());
  switch (outcome.status) {
    case "invalid":
      return { error: "Check the highlighted fields.", fields: outcome.fields };
    case "weak-password":
      return { error: "Choose a password that is harder to guess.", fields: { password: [outcome.message] } };
    case "throttled": {
      const minutes = Math.ceil(outcome.retryAfterMs / 60_000);
      return { error: `Too many new accounts from this network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` };
    }
    case "email-taken":
      return { error: "An account with this email already exists.", fields: { email: ["Already registered: sign in instead."] } };
    case "created":
      return signInWith(outcome.input.email, outcome.input.password, "/");
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}

/** Ends every session of the signed-in user, in every browser, then this one's cookie. */
export async function signOutEverywhereAction() {
  const user = await currentUser();
  if (user) await revokeAllSessions(user.id);
  await signOut({ redirectTo: "/sign-in" });
}
