import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The origin people reach the studio at: PUBLIC_URL, or what the request says. X-Forwarded-Host
 * and -Proto are believed only when TRUSTED_PROXY_HOPS says a proxy sets them; any client can
 * send them, and they end up in share pages' preview tags, which scrapers cache.
 */
export async function publicOrigin(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  const h = await headers();
  const proxied = env().TRUSTED_PROXY_HOPS > 0;
  const host = (proxied ? h.get("x-forwarded-host") : null) ?? h.get("host") ?? `localhost:${env().PORT}`;
  const proto = (proxied ? h.get("x-forwarded-proto") : null) ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
