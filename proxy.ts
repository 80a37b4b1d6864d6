// Runs before every page Next renders: a Content-Security-Policy with a fresh nonce. Next reads
// the nonce from the request's policy and puts it on its own scripts, so pages need no
// 'unsafe-inline' for scripts (lib/security-headers.js).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/security-headers";

const dev = process.env.NODE_ENV !== "production";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ dev, nonce });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only. Built assets are files; API answers are JSON with a fixed policy (next.config.mjs),
  // and a proxy in front of them would make Next buffer every request body before the route
  // (which reads JSON with a 64 KB cap, and answers 401 without reading it at all).
  matcher: ["/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)"],
};
