import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

type Pending = { resolve: (out: { stdout: string; stderr: string }) => void; reject: (error: Error & { stderr?: string }) => void };
type Reply = { id: number; stdout: string; stderr: string; error: string | null };

// On globalThis: route handlers, instrumentation and the worker are separate bundles in one process.
const g = globalThis as unknown as { spawner?: { child: ChildProcess; pending: Map<number, Pending>; next: number } };

function spawner() {
  if (g.spawner && g.spawner.child.connected) return g.spawner;
  // A plain Node process (no tsx loader, a small heap): forking it costs a millisecond or two.
  const child = fork(path.join(/* turbopackIgnore: true */ process.cwd(), "lib/media/spawner-child.mjs"), [], {
    execArgv: [],
    env: { ...process.env, NODE_OPTIONS: "" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const state = { child, pending: new Map<number, Pending>(), next: 0 };
  child.on("message", (reply: Reply) => {
    const call = state.pending.get(reply.id);
    if (!call) return;
    state.pending.delete(reply.id);
    if (reply.error) call.reject(Object.assign(new Error(reply.error), { stderr: reply.stderr }));
    else call.resolve({ stdout: reply.stdout, stderr: reply.stderr });
  });
  child.on("exit", () => {
    for (const call of state.pending.values()) call.reject(new Error("the program starter exited"));
    state.pending.clear();
    if (g.spawner === state) g.spawner = undefined;
  });
  // It must not keep this process alive on its own.
  child.unref();
  child.channel?.unref();
  g.spawner = state;
  return state;
}

/**
 * Runs a program (ffmpeg) and answers its output, like execFile. The fork happens in a small
 * helper process: fork() copies the caller's page tables, which blocks a server with a few
 * hundred MB resident for 15–25 ms per program, on its event loop.
 */
export function runProgram(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const state = spawner();
  const id = state.next++;
  // While a call is pending, the channel keeps this process alive; after, it does not.
  state.child.channel?.ref();
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    state.pending.set(id, { resolve, reject });
    state.child.send({ id, file, args }, (error) => {
      if (!error) return;
      state.pending.delete(id);
      reject(error);
    });
  }).finally(() => {
    if (!state.pending.size) state.child.channel?.unref();
  });
}
