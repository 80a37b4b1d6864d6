// The program starter (see spawner.ts): a small process that runs ffmpeg for the web server and
// worker, so their large heaps are not copied by fork() on every poster cut. Plain JavaScript so it
// runs as it is, outside any bundle.
import { execFile } from "node:child_process";

process.on("message", ({ id, file, args }) => {
  execFile(file, args, { maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
    process.send({ id, stdout: String(stdout), stderr: String(stderr), error: error ? error.message : null });
  });
});
// The parent is gone (or let go of us): nothing left to do.
process.on("disconnect", () => process.exit(0));
