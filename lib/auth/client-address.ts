// Who is asking, for the per-address sign-in and sign-up limits. Never the left-most
// X-Forwarded-For entry: any client writes that one. Pure; tested as a table
// (tests/unit/auth-client-address.test.ts).
import { isIPv4, isIPv6 } from "node:net";

/**
 * The TCP peer's address. scripts/serve.ts sets it on every request from `req.socket.remoteAddress`,
 * replacing whatever a client sent under that name; Next.js route handlers and server actions
 * cannot see the socket themselves.
 */
export const CLIENT_IP_HEADER = "x-studio-client-ip";

/** Requests whose address is not known share this one bucket (fail closed: they are limited together). */
export const UNKNOWN_ADDRESS = "unknown";

type Headers = { get(name: string): string | null };

/**
 * The client's address, or null when the request carries none we trust.
 * - `trustedHops` 0 (no proxy): the socket's address, from {@link CLIENT_IP_HEADER} only.
 * - `trustedHops` N > 0: the N-th X-Forwarded-For entry from the right, the address the
 *   outermost trusted proxy saw; each proxy appends the address it was reached from, so the
 *   entries to the left of it are the client's own to invent. With fewer entries than N (a
 *   request that skipped the outer proxies) the left-most, which a trusted proxy still wrote;
 *   with none, the socket.
 */
export function clientAddress(headers: Headers, trustedHops: number): string | null {
  const socket = normalizeAddress(headers.get(CLIENT_IP_HEADER));
  if (trustedHops <= 0) return socket;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return socket;
  return normalizeAddress(forwarded[Math.max(0, forwarded.length - trustedHops)]) ?? socket;
}

/**
 * The key an address is limited under: an IPv4 address itself, an IPv6 address's /64 (one
 * subscriber's usual allocation, which holds 2^64 addresses to rotate through).
 */
export function addressKey(address: string | null): string {
  if (!address) return UNKNOWN_ADDRESS;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return UNKNOWN_ADDRESS;
  return `${ipv6Groups(address).slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/**
 * An IP address as written by a socket or a proxy (`203.0.113.7`, `203.0.113.7:5100`,
 * `[2001:db8::1]:443`, `::ffff:203.0.113.7`, `fe80::1%eth0`), in one canonical form; null if it is none.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed?.[1]) s = bracketed[1];
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(s);
  if (withPort?.[1]) s = withPort[1];
  s = s.replace(/%.*$/, "");
  if (isIPv4(s)) return s;
  if (!isIPv6(s)) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  return ipv6Groups(s).map((g) => g.toString(16)).join(":");
}

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  let s = address;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = s.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}
