// Runs before every answer Next makes (pages, routes): a Content-Security-Policy with a fresh
// nonce. Next reads the nonce from the request's policy and puts it on its own scripts, so pages
// need no 'unsafe-inline' for scripts (lib/security-headers.js).
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
  // Built assets are files, not pages: no policy to compute for them.
  matcher: ["/((?!_next/static|_next/image|icon.svg|favicon.ico).*)"],
};
