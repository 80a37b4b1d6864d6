import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@/lib/segmind/emulator";

// The emulator's /__emulator/* controls list every prompt it received and script its answers:
// fine for tests, not for a studio anyone can reach. They exist only where tests turn them on.
const started: Emulator[] = [];
afterAll(() => Promise.all(started.map((e) => e.close())));

async function emulator(control?: boolean) {
  const e = await startEmulator({ apiKey: "k", delayMs: 0, ...(control === undefined ? {} : { control }) });
  started.push(e);
  return e;
}

describe("the emulator's test controls", () => {
  it.each([
    ["off by default", undefined, { faults: 404, requests: 404, reset: 404 }],
    ["on when a test asks", true, { faults: 204, requests: 200, reset: 204 }],
  ] as const)("%s", async (_name, control, expected) => {
    const e = await emulator(control);
    const faults = await fetch(`${e.url}/__emulator/faults`, { method: "POST", body: "[]" });
    const requests = await fetch(`${e.url}/__emulator/requests`);
    const reset = await fetch(`${e.url}/__emulator/reset`, { method: "POST" });
    expect({ faults: faults.status, requests: requests.status, reset: reset.status }).toEqual(expected);
    // The contract itself answers either way.
    expect((await fetch(`${e.url}/v1/get-user-credits`, { headers: { "x-api-key": "k" } })).status).toBe(200);
  });
});
