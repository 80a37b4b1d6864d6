// Where to send someone after signing in, when the request names it (`callbackUrl`). The one
// check for every such place: the sign-in page, the server actions and Auth.js's redirect
// callback. Pure: no I/O, so it runs anywhere and is tested as a table (tests/unit/auth-safe-redirect.test.ts).

const HOME = "/";
const PROBE_ORIGIN = "http://studio.invalid";
/** Longer targets are not links anyone clicked; they would also bloat the Location header. */
const MAX_LENGTH = 2048;
/**
 * Backslashes (browsers read them as slashes), whitespace and every control, format, private-use
 * or unassigned character: browsers strip some of them (tab, newline) out of URLs, which turns
 * `/\t/evil` into `//evil`, and a newline would split a header.
 */
const FORBIDDEN = /[\\\s\p{C}\p{Z}]/u;

/**
 * `to` if it is a path on this site (`/gallery?style=clay#x`), normalised by the URL parser;
 * otherwise "/". Refuses anything a browser could take for another origin: `//host`, `/\host`,
 * schemes, whitespace or control characters, and the same hidden behind percent-encoding or
 * Unicode look-alikes (`/%2F%2Fhost`, `/%5Chost`, `/%09/host`, `／／host`).
 */
export function safeRedirect(to: unknown): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return HOME;
  if (!to.startsWith("/") || to.startsWith("//") || FORBIDDEN.test(to)) return HOME;
  // The path is what a browser or proxy could misread as an authority, encoded or not. (Decoded
  // whitespace in the query is harmless, and keeps a search like `?q=fox%20cub`.)
  const path = to.split(/[?#]/, 1)[0] ?? "";
  for (const decoded of decodings(path)) {
    if (decoded === null) return HOME;
    for (const form of [decoded, decoded.normalize("NFKC")]) {
      if (form.startsWith("//") || FORBIDDEN.test(form)) return HOME;
    }
  }
  let url: URL;
  try {
    url = new URL(to, PROBE_ORIGIN);
  } catch {
    return HOME;
  }
  if (url.origin !== PROBE_ORIGIN) return HOME;
  // Dot segments can collapse into a leading `//` (`/.//evil` parses to the path `//evil`).
  if (url.pathname.startsWith("//")) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * For Auth.js's `callbacks.redirect`: it hands over paths and absolute URLs (its callback-URL
 * cookie holds the absolute form). Only this origin's are kept, and their path is checked the same way.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  let target: unknown = url;
  if (typeof url === "string" && !url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      target = parsed.origin === new URL(base).origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : null;
    } catch {
      target = null;
    }
  }
  return `${base}${safeRedirect(target)}`;
}

/** The path decoded again and again until it stops changing (double encoding); null if malformed. */
function* decodings(path: string): Generator<string | null> {
  let current = path;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      yield null;
      return;
    }
    yield next;
    if (next === current) return;
    current = next;
  }
  // Still changing after four rounds: nobody links like that.
  yield null;
}
