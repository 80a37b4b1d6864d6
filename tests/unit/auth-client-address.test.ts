import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, CLIENT_IP_HEADER, normalizeAddress } from "@/lib/auth/client-address";

const headers = (h: Record<string, string>) => new Headers(h);

describe("clientAddress", () => {
  // [case, trusted hops, socket (x-studio-client-ip), X-Forwarded-For, expected]
  const rows: [string, number, string | null, string | null, string | null][] = [
    ["no proxy: the socket", 0, "198.51.100.9", null, "198.51.100.9"],
    ["no proxy: a forged X-Forwarded-For is ignored", 0, "198.51.100.9", "203.0.113.1", "198.51.100.9"],
    ["no proxy: a forged chain is ignored", 0, "198.51.100.9", "203.0.113.1, 203.0.113.2", "198.51.100.9"],
    ["no proxy, no socket header: unknown, X-Forwarded-For still ignored", 0, null, "203.0.113.1", null],
    ["one proxy: the right-most entry", 1, "10.0.0.2", "203.0.113.7", "203.0.113.7"],
    ["one proxy: the right-most, never the forged left-most", 1, "10.0.0.2", "6.6.6.6, 203.0.113.7", "203.0.113.7"],
    ["one proxy: spaces and empty entries", 1, "10.0.0.2", " 6.6.6.6 ,, 203.0.113.7 ", "203.0.113.7"],
    ["two proxies: the second from the right", 2, "10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"],
    ["three proxies", 3, "10.0.0.4", "6.6.6.6, 7.7.7.7, 203.0.113.7, 10.0.0.2, 10.0.0.3", "203.0.113.7"],
    ["fewer entries than proxies: the left-most a proxy wrote", 2, "10.0.0.3", "203.0.113.7", "203.0.113.7"],
    ["a proxy but no X-Forwarded-For: the socket", 1, "203.0.113.7", null, "203.0.113.7"],
    ["the trusted entry is garbage: the socket", 1, "10.0.0.2", "6.6.6.6, unknown", "10.0.0.2"],
    ["the trusted entry carries a port", 1, "10.0.0.2", "203.0.113.7:51234", "203.0.113.7"],
    ["bracketed IPv6 with a port", 1, "10.0.0.2", "[2001:DB8::1]:443", "2001:db8:0:0:0:0:0:1"],
    ["IPv4-mapped socket address", 0, "::ffff:127.0.0.1", null, "127.0.0.1"],
    ["IPv6 socket address", 0, "::1", null, "0:0:0:0:0:0:0:1"],
    ["a socket header that is not an address", 0, "evil", null, null],
  ];
  it.each(rows)("%s", (_name, hops, socket, forwarded, expected) => {
    const h: Record<string, string> = {};
    if (socket !== null) h[CLIENT_IP_HEADER] = socket;
    if (forwarded !== null) h["x-forwarded-for"] = forwarded;
    expect(clientAddress(headers(h), hops)).toBe(expected);
  });

  it("two X-Forwarded-For headers read as one list (the right-most is still the proxy's)", () => {
    const h = new Headers();
    h.append("x-forwarded-for", "6.6.6.6");
    h.append("x-forwarded-for", "203.0.113.7");
    h.set(CLIENT_IP_HEADER, "10.0.0.2");
    expect(clientAddress(h, 1)).toBe("203.0.113.7");
  });
});

describe("addressKey", () => {
  const rows: [string | null, string][] = [
    ["203.0.113.7", "203.0.113.7"],
    [null, "unknown"],
    ["not an address", "unknown"],
    // One IPv6 subscriber holds a /64: rotating inside it stays one key.
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8:1:3::1", "2001:db8:1:3::/64"],
    ["0:0:0:0:0:0:0:1", "0:0:0:0::/64"],
  ];
  it.each(rows)("%s → %s", (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe("normalizeAddress", () => {
  const rows: [string, string | null][] = [
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:80", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1"],
    ["::", "0:0:0:0:0:0:0:0"],
    ["2001:db8::203.0.113.7", "2001:db8:0:0:0:0:cb00:7107"],
    ["999.1.1.1", null],
    ["1.2.3", null],
    ["", null],
    ["localhost", null],
  ];
  it.each(rows)("%s → %s", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});
