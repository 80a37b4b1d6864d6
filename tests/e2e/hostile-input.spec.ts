import net from "node:net";
import { statSync } from "node:fs";
import fc from "fast-check";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { AuthPage, generateClip, uniqueEmail } from "./pages/studio";

// What a patient attacker with a browser and curl tries: bad input in every place it goes, requests
// from other origins, connections left with unread bodies, links kept after a share is revoked.
// Every answer is a 4xx with the error contract, or a page; never a 5xx.

const PORT = Number(process.env.E2E_PORT ?? 3210);

/** Signs a fresh user up in the browser; answers its request context and one finished generation's id. */
async function userWithClip(page: import("@playwright/test").Page) {
  await new AuthPage(page).signUp(uniqueEmail("hostile"));
  await generateClip(page, "A red kite over green hills", { quality: "360p" });
  const list = (await (await page.request.get("/api/generations")).json()) as { items: { id: string }[] };
  return { api: page.request, id: list.items[0]!.id };
}

test("bad input in ids, searches, dates, cursors and texts answers 4xx, never 500", async ({ page }) => {
  const { api, id } = await userWithClip(page);
  const cursorOf = (text: string) => Buffer.from(text).toString("base64url");
  const rows: [name: string, send: (r: APIRequestContext) => ReturnType<APIRequestContext["get"]>, status: number][] = [
    ["NUL in a search", (r) => r.get("/api/generations?q=%00"), 400],
    ["impossible date", (r) => r.get("/api/generations?from=2026-13-45"), 400],
    ["30 February", (r) => r.get("/api/generations?to=2026-02-30"), 400],
    ["cursor past year 9999", (r) => r.get(`/api/generations?cursor=${cursorOf(`+275760-09-13T00:00:00.000Z|${id}`)}`), 400],
    ["cursor with junk around it", (r) => r.get(`/api/generations?cursor=${cursorOf(`2026-11-27T00:00:00.000Z|${id}`)}!!`), 400],
    ["cursor with a NUL id", (r) => r.get(`/api/generations?cursor=${cursorOf("2026-11-27T00:00:00.000Z|a\u0000b")}`), 400],
    ["NUL in an id", (r) => r.get("/api/generations/%00"), 404],
    ["NUL inside an id", (r) => r.get(`/api/generations/${id}%00`), 404],
    ["NUL id, PATCH", (r) => r.patch("/api/generations/%00", { data: { favorite: true } }), 404],
    ["NUL id, DELETE", (r) => r.delete("/api/generations/x%00y"), 404],
    ["NUL id, share", (r) => r.post("/api/generations/%00/share"), 404],
    ["NUL id, video", (r) => r.get("/api/videos/%00"), 404],
    ["NUL id, poster", (r) => r.get("/api/posters/%00?s=%00"), 404],
    ["very long id", (r) => r.get(`/api/generations/${"a".repeat(5000)}`), 404],
    ["NUL in a prompt", (r) => r.post("/api/generations", { data: { prompt: "a\u0000b", aspectRatio: "16:9", duration: 5, quality: "360p", motionMode: "normal" } }), 400],
    ["NUL in a negative prompt", (r) => r.post("/api/generations", { data: { prompt: "ok", negativePrompt: "\u0000", aspectRatio: "16:9", duration: 5, quality: "360p", motionMode: "normal" } }), 400],
    ["NUL id, gallery page", (r) => r.get("/gallery/%00"), 404],
    ["NUL remix, create page", (r) => r.get("/?remix=%00"), 200],
    ["impossible dates, gallery page", (r) => r.get("/gallery?from=2026-13-45&to=x"), 200],
    ["NUL share slug", (r) => r.get("/v/%00"), 404],
  ];
  for (const [name, send, status] of rows) {
    const res = await send(api);
    expect(res.status(), `${name}: ${(await res.text()).slice(0, 200)}`).toBe(status);
  }
});

test("10,000 random paths, queries and bodies across the API: no 5xx", async ({ page }) => {
  test.setTimeout(300_000);
  const { api, id } = await userWithClip(page);
  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("\u0000", "%00", "..", "../..", "%2e%2e%2f", "'", '"', "\\", "%", "_", "*", "null", "-1", "1e309", id, `${id}x`, "9".repeat(400)),
  );
  const enc = (s: string) => encodeURIComponent(s);
  const request = fc.oneof(
    junk.map((s) => ["GET", `/api/generations/${enc(s)}`] as const),
    junk.map((s) => ["DELETE", `/api/generations/${enc(s)}`] as const),
    junk.map((s) => ["POST", `/api/generations/${enc(s)}/share`] as const),
    junk.map((s) => ["GET", `/api/videos/${enc(s)}?e=${enc(s)}&t=${enc(s)}&s=${enc(s)}`] as const),
    junk.map((s) => ["GET", `/api/posters/${enc(s)}`] as const),
    fc.record({ k: fc.constantFrom("q", "status", "quality", "aspectRatio", "style", "favorite", "from", "to", "cursor", "limit", "x"), v: junk }).map(
      ({ k, v }) => ["GET", `/api/generations?${k}=${enc(v)}`] as const,
    ),
  );
  // 10,000 cases sent 16 at a time (one after another took 4.5 minutes); each failure is reported
  // with the request that caused it.
  const cases = fc.sample(fc.tuple(request, fc.option(fc.jsonValue(), { nil: undefined })), 10_000);
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const [[method, path], body] = cases[i]!;
        const res = await api.fetch(path, { method, ...(body === undefined ? {} : { data: body }) });
        statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
        if (res.status() >= 500) failures.push(`${res.status()} ${method} ${path} ${JSON.stringify(body)?.slice(0, 100)}`);
      }
    }),
  );
  console.log(`answers: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(", ")}`);
  expect(failures).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
});

test("a state-changing request from another origin is refused (403), the studio's own goes through", async ({ page }) => {
  const { api, id } = await userWithClip(page);
  const own = `http://localhost:${PORT}`;
  for (const [headers, status] of [
    [{ origin: `http://localhost:${PORT + 99}` }, 403], // a same-site page on another port
    [{ origin: "https://evil.example" }, 403],
    [{ origin: "null" }, 403],
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{ "sec-fetch-site": "same-site" }, 403],
    [{ origin: own, "sec-fetch-site": "same-origin" }, 200],
  ] as const) {
    const res = await api.post(`/api/generations/${id}/share`, { headers: { ...headers, "content-type": "text/plain" } });
    expect(res.status(), JSON.stringify(headers)).toBe(status);
    if (status === 403) expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
  }
  // Reading is not state-changing: a cross-origin GET is answered (CORS keeps its body from that page).
  expect((await api.get(`/api/generations/${id}`, { headers: { origin: "https://evil.example" } })).status()).toBe(200);
});

test("a share's signed media links stop working the moment it is revoked", async ({ page, request }) => {
  const { api, id } = await userWithClip(page);
  const slug = ((await (await api.post(`/api/generations/${id}/share`)).json()) as { sharePath: string }).sharePath.split("/").pop()!;
  const html = await (await request.get(`/v/${slug}`)).text();
  // Preview tags name this studio, whatever forwarding headers a client sends (no proxy is trusted here).
  const spoofed = await (await request.get(`/v/${slug}`, { headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } })).text();
  expect(spoofed).toContain(`http://localhost:${PORT}/api/videos/`);
  expect(spoofed).not.toContain("evil.example");
  const signed = /\/api\/videos\/[\w-]+\?[^"']*t=[\w-]+[^"']*/.exec(html.replaceAll("&amp;", "&"))?.[0];
  expect(signed, "the share page links the video with a signed URL").toBeTruthy();
  expect((await request.get(signed!, { headers: { range: "bytes=0-99" } })).status()).toBe(206);
  expect((await api.delete(`/api/generations/${id}/share`)).status()).toBe(204);
  expect((await request.get(signed!, { headers: { range: "bytes=0-99" } })).status()).toBe(404);
});

test("an answer given before the body was read closes the connection at once (no 66 s stall)", async () => {
  const socket = net.connect(PORT, "127.0.0.1");
  await new Promise((r) => socket.once("connect", r));
  let received = "";
  socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
  socket.on("error", () => {}); // writing the rest of the body once the server has closed: EPIPE, expected
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now())));
  // Not signed in, so refused (401) before the body is read; the body is never finished.
  socket.write("POST /api/generations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  const chunk = "x".repeat(64 * 1024);
  for (let i = 0; i < 8 && !socket.destroyed; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
  for (let waited = 0; !received.includes("\r\n\r\n") && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const answeredAt = Date.now();
  const closedAt = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 15_000))]);
  socket.destroy();
  expect(received).toMatch(/^HTTP\/1\.1 401/);
  expect(received.toLowerCase()).toContain("connection: close"); // so no client reuses it
  expect(closedAt, "the server closed the connection").toBeGreaterThan(0);
  expect(closedAt - answeredAt).toBeLessThan(5_000); // the old server held it open until its 66 s timeout
});

test("anonymous health says up or down only; an operator also sees what was checked", async ({ page, request }) => {
  const anonymous = (await (await request.get("/api/health")).json()) as Record<string, unknown>;
  expect(anonymous).toEqual({ ok: true }); // no storage path, no queue depth
  await new AuthPage(page).signIn("demo@pixverse.studio", "demo-studio-2026");
  await expect(page.getByTestId("generation-form")).toBeVisible();
  const operator = (await (await page.request.get("/api/health")).json()) as { ok: boolean; storage?: { detail?: string } };
  expect(operator.ok).toBe(true);
  expect(operator.storage?.detail).toMatch(/local folder|bucket/);
});

test("zero-config secrets: the data folder is closed to others, the database password is the installation's own", async () => {
  const mode = (p: string) => statSync(p).mode & 0o777;
  expect(mode("./data/e2e") & 0o066, "no one else may read or write the data folder").toBe(0);
  expect(mode("./data/e2e/storage") & 0o077, "stored videos are the studio's alone").toBe(0);
  expect(mode("./data/e2e/postgres.password") & 0o077).toBe(0);
  const owner = JSON.parse((await import("node:fs")).readFileSync("./data/e2e/postgres.owner.json", "utf8")) as { url: string };
  expect(owner.url).not.toContain(":studio-local@");
});
