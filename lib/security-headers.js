// @ts-check
// The security headers of every answer: Next's pages and routes (next.config.mjs) and the
// production server's own media fast path and its errors (scripts/serve.ts, lib/media). Plain JS
// (types from JSDoc) because next.config.mjs loads it without a TypeScript step.

/**
 * @param {{ dev: boolean; https: boolean }} opts  https: the studio is served over https
 *   (PUBLIC_URL says so), so browsers are told to use nothing else.
 * @returns {{ key: string; value: string }[]}
 */
export function securityHeaders({ dev, https }) {
  // Next.js hydrates with inline scripts, so script-src needs 'unsafe-inline' (and 'unsafe-eval' in
  // dev); everything else is locked to this origin. Videos and posters come from our own API.
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
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
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
