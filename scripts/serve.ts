// The production web server (`npm start` runs it): Next.js behind a plain Node HTTP server whose
// one job of its own is serving stored videos and posters to signed URLs (lib/media), as cheaply
// as a static file server. Next's route handlers cost a session decode, a database query and
// framework routing per Range request; a player seeking through a clip makes dozens.
import { createServer } from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { serveSignedMedia } from "@/lib/media/serve-signed";
import { shareIsLive } from "@/lib/media/share-check";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

const port = env().PORT;
const headers = {
  ...Object.fromEntries(securityHeaders({ https: Boolean(env().PUBLIC_URL?.startsWith("https:")) }).map((h) => [h.key.toLowerCase(), h.value])),
  "content-security-policy": contentSecurityPolicy({ dev: false }),
};
const app = next({ dev: false, port });
const handle = app.getRequestHandler();

await app.prepare();
const server = createServer((req, res) => {
  // The client's address for the per-address sign-in and sign-up limits: always the socket's,
  // never a value the client sent under this name (lib/auth/client-address.ts).
  const address = req.socket.remoteAddress;
  if (address) req.headers[CLIENT_IP_HEADER] = address;
  else delete req.headers[CLIENT_IP_HEADER];
  // An answer given before the request's body was read (401, 413, 415…) closes the connection,
  // saying so (Connection: close) so the client does not reuse it: otherwise the unread rest would
  // be taken as the next request, or stall the connection until a timeout, for any request
  // pipelined behind it. Every answer's headers pass through writeHead (Node's implicit header too).
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
  res.writeHead = ((...args: unknown[]) => {
    if (!req.complete) res.shouldKeepAlive = false;
    return writeHead(...args);
  }) as typeof res.writeHead;
  serveSignedMedia(req, res, { shareIsLive, headers })
    .then((served) => (served ? undefined : handle(req, res)))
    .catch((error: unknown) => {
      console.error("[serve] request failed", error);
      if (!res.headersSent) res.writeHead(500, { ...headers, "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side. Try again." } }));
    });
});
// Keep idle connections longer than clients and load balancers do (60 s is the common idle
// timeout), so the server never closes one just as a client reuses it: with Node's 5 s default,
// a request sent on a connection at that moment fails with ECONNRESET.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// Upgrades are none of ours (no websockets in production), but let Next answer them.
server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
server.listen(port, () => console.log(`[serve] listening on http://localhost:${port}`));

const shutdown = () => {
  server.close();
  // Let Next and the in-process worker (instrumentation) finish; then go.
  void app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
