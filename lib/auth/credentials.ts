import "server-only";
import { forgetSignInAttempt, reserveSignInAttempt } from "@/lib/data/sign-in-attempts";
import { verifyCredentials } from "@/lib/data/users";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { addressKey, clientAddress, CLIENT_IP_HEADER } from "./client-address";
import { credentialsSchema } from "./schema";

type Headers = { get(name: string): string | null };
type User = NonNullable<Awaited<ReturnType<typeof verifyCredentials>>>;

export type SignInOutcome = { status: "signed-in"; user: User } | { status: "invalid" } | { status: "throttled" };

/**
 * The credentials provider's whole decision (lib/auth/index.ts): parse, take a place under the
 * email's and the address's limits, check the password. A throttled attempt never checks it.
 */
export async function checkSignIn(raw: unknown, headers: Headers): Promise<SignInOutcome> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { status: "invalid" };
  const { email, password } = parsed.data;
  const attempt = await reserveSignInAttempt(email, requestAddressKey(headers));
  if (!attempt) return { status: "throttled" };
  const user = await verifyCredentials(email, password);
  if (!user) return { status: "invalid" };
  await forgetSignInAttempt(attempt.id);
  return { status: "signed-in", user };
}

let warned = false;

/** The key this request's address is limited under (lib/auth/client-address.ts). */
export function requestAddressKey(headers: Headers): string {
  const hops = env().TRUSTED_PROXY_HOPS;
  if (hops === 0 && !headers.get(CLIENT_IP_HEADER) && !warned) {
    warned = true;
    log.warn(
      `no ${CLIENT_IP_HEADER} header: the studio is not running behind scripts/serve.ts (next dev?), so every client shares one sign-in and sign-up limit`,
    );
  }
  return addressKey(clientAddress(headers, hops));
}
