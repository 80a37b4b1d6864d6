import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cache } from "react";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { checkSignIn } from "./credentials";
import { safeAuthRedirect } from "./safe-redirect";
import { liveSession, openSession, revokeSession } from "./sessions";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; role: "USER" | "ADMIN" };
  }
}

/** Too many failed attempts for this email or address: the sign-in form says to wait (no password was checked). */
export class SignInThrottled extends CredentialsSignin {
  code = "rate_limited";
}

// Lazy config: nothing here touches the database until a request needs it, so `next build`
// runs without one.
export const { handlers, auth, signIn, signOut } = NextAuth((): NextAuthConfig => ({
  // Credentials sign-in only works with JWT sessions in Auth.js v5; each token names a server-side
  // session row (lib/auth/sessions.ts), so sign-out and role changes hold against copied tokens.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  secret: env().AUTH_SECRET,
  trustHost: true,
  pages: { signIn: "/sign-in" },
  logger: {
    // A wrong password is an answer, not an incident: keep it out of the error log.
    error(error) {
      // instanceof, not the class name: names are minified in the production build.
      if (error instanceof CredentialsSignin) return;
      log.error({ err: error }, "auth error");
    },
    warn(code) {
      log.warn({ code }, "auth warning");
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const outcome = await checkSignIn(raw, request?.headers ?? new Headers());
        if (outcome.status === "throttled") throw new SignInThrottled();
        if (outcome.status === "invalid") return null;
        const { user } = outcome;
        // ADMIN_EMAILS makes an operator of an account without touching the database.
        const role = user.role === "ADMIN" || env().ADMIN_EMAILS.includes(user.email) ? "ADMIN" : "USER";
        return { id: user.id, email: user.email, name: user.name, role };
      },
    }),
  ],
  events: {
    async signOut(message) {
      if ("token" in message && typeof message.token?.sid === "string") await revokeSession(message.token.sid);
    },
  },
  callbacks: {
    // Where Auth.js sends someone after signing in or out: this site's paths only.
    redirect({ url, baseUrl }) {
      return safeAuthRedirect(url, baseUrl);
    },
    // On sign-in: open a server-side session. On every other request: the token is good only
    // while its session is live, and carries the user's role as it is now.
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await openSession(user.id);
        token.role = (user as { role?: string }).role ?? "USER";
        return token;
      }
      const live = typeof token.sid === "string" ? await liveSession(token.sid) : null;
      if (!live) return null; // signed out, or a token from before sessions were kept: sign in again
      token.role = live.role;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.role = token.role === "ADMIN" ? "ADMIN" : "USER";
      return session;
    },
  },
}));

/**
 * The signed-in user, or null. Once per request: a page and its layout both ask, and each asking
 * reads the session's row (the jwt callback's liveSession).
 */
export const currentUser = cache(async () => {
  const session = await auth();
  return session?.user?.id ? session.user : null;
});
