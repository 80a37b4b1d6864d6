// @ts-check
// The security headers of every answer: Next's pages and routes (next.config.mjs) and the
// production server's own media fast path and its errors (scripts/serve.ts, lib/media). Plain JS
// (types from JSDoc) because next.config.mjs loads it without a TypeScript step.

/**
 * The Content-Security-Policy. Pages get a fresh `nonce` per request (proxy.ts): only scripts that
 * carry it run, with what they load ('strict-dynamic'), so no inline script an attacker slipped
 * into a page can. Answers that are not pages (JSON, media) get no script allowance at all.
 * @param {{ dev: boolean; nonce?: string }} opts
 */
export function contentSecurityPolicy({ dev, nonce }) {
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Every header but the CSP, which depends on the request (a page's nonce) and is set where the
 * answer is made: proxy.ts for Next's answers, the media fast path for its own.
 * @param {{ https: boolean }} opts  https: the studio is served over https (PUBLIC_URL says so),
 *   so browsers are told to use nothing else.
 * @returns {{ key: string; value: string }[]}
 */
export function securityHeaders({ https }) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
