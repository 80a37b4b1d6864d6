import { randomUUID } from "node:crypto";
import { expect, inject } from "vitest";
import { db } from "@/lib/db";
import type { Fault, EmulatorRequestLog } from "@/lib/segmind/emulator";

const emulatorUrl = () => inject("emulatorUrl");

/** Scripts the emulator's next answers, over HTTP like everything else. */
export async function injectFaults(...faults: Fault[]) {
  const res = await fetch(`${emulatorUrl()}/__emulator/faults`, { method: "POST", body: JSON.stringify(faults) });
  if (res.status !== 204) throw new Error(`emulator refused faults: ${res.status}`);
}

export async function resetEmulator() {
  await fetch(`${emulatorUrl()}/__emulator/reset`, { method: "POST" });
}

/** Requests the emulator received on the generation route since the last reset. */
export async function upstreamRequests(): Promise<EmulatorRequestLog[]> {
  const all = (await (await fetch(`${emulatorUrl()}/__emulator/requests`)).json()) as EmulatorRequestLog[];
  return all.filter((r) => r.path === "/v1/pixverse-text2video");
}

export async function createTestUser(tag = "user") {
  return db().user.create({ data: { email: `${tag}-${randomUUID()}@example.test` } });
}

export const validParams = {
  prompt: "A lighthouse in a storm, waves crashing",
  aspectRatio: "16:9",
  duration: 5,
  quality: "360p",
  motionMode: "normal",
} as const;

/** The error a promise rejects with, checked to be of the expected class. */
export async function rejection<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}
