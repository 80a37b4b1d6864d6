import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { open, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import ffmpegInstaller from "@ffmpeg-installer/ffmpeg";
import ffprobeInstaller from "@ffprobe-installer/ffprobe";
import { createFile, MP4BoxBuffer } from "mp4box";
import { runProgram } from "./spawner";

const run = promisify(execFile);

export const FFMPEG = ffmpegInstaller.path;
export const FFPROBE = ffprobeInstaller.path;

export type VideoInfo = { width: number; height: number; durationMs: number; codec: string };

/** Reads a video's frame size and length with ffprobe (tests use it to check the studio's own reading). */
export async function probeVideo(file: string): Promise<VideoInfo> {
  let stdout: string;
  try {
    ({ stdout } = await run(FFPROBE, [
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=width,height,codec_name:format=duration",
      "-of",
      "json",
      file,
    ]));
  } catch (error) {
    throw new Error(`not a playable video: ${String((error as { stderr?: string }).stderr ?? error).trim().slice(0, 300)}`);
  }
  const json = JSON.parse(stdout) as {
    streams?: { width?: number; height?: number; codec_name?: string }[];
    format?: { duration?: string };
  };
  const stream = json.streams?.[0];
  const duration = Number(json.format?.duration);
  if (!stream?.width || !stream.height || !Number.isFinite(duration) || duration <= 0) {
    throw new Error("not a playable video: no video stream with a size and a length");
  }
  return { width: stream.width, height: stream.height, durationMs: Math.round(duration * 1000), codec: stream.codec_name ?? "" };
}

/**
 * Reads a finished MP4's frame size, length and codec, in process, and checks that the file is
 * whole: its top-level boxes tile the file exactly, with a `moov` (the index) and an `mdat` (the
 * frames). A download cut short ends inside a box, so this catches it by reading a few box
 * headers and the index, instead of decoding every frame.
 */
export async function inspectMp4(file: string): Promise<VideoInfo> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    const boxes = new Map<string, { offset: number; size: number }>();
    for (let offset = 0; offset < size; ) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) throw new Error(`not a playable video: cut short in a box header at byte ${offset}`);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      if (boxSize === 1) {
        if (bytesRead < 16) throw new Error(`not a playable video: cut short in a box header at byte ${offset}`);
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        boxSize = size - offset; // "to the end of the file"
      }
      if (boxSize < 8) throw new Error(`not a playable video: a "${type}" box of ${boxSize} bytes at byte ${offset}`);
      if (offset + boxSize > size) throw new Error(`not a playable video: cut short (the "${type}" box needs ${offset + boxSize - size} more bytes)`);
      if (!boxes.has(type)) boxes.set(type, { offset, size: boxSize });
      offset += boxSize;
    }
    const ftyp = boxes.get("ftyp");
    const moov = boxes.get("moov");
    if (!ftyp || !moov || !boxes.has("mdat")) throw new Error("not a playable video: it lacks an ftyp, moov or mdat box");
    if (moov.size > 64 * 2 ** 20) throw new Error("not a playable video: an index (moov) over 64 MB");
    // mp4box parses the index; it needs only ftyp and moov, each at its place in the file.
    const mp4 = createFile();
    for (const box of [ftyp, moov].sort((a, b) => a.offset - b.offset)) {
      const bytes = Buffer.alloc(box.size);
      await handle.read(bytes, 0, box.size, box.offset);
      mp4.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + box.size), box.offset));
    }
    mp4.flush();
    const info = mp4.getInfo();
    const track = info.videoTracks[0];
    const durationMs = info.timescale ? Math.round((info.duration / info.timescale) * 1000) : 0;
    if (!track?.video?.width || !track.video.height || !(durationMs > 0)) {
      throw new Error("not a playable video: no video track with a size and a length");
    }
    return { width: track.video.width, height: track.video.height, durationMs, codec: track.codec };
  } finally {
    await handle.close();
  }
}

/** Writes the frame a third of the way in as a JPEG poster (a seek and one decoded frame). */
export async function cutPoster(video: string, poster: string, durationMs: number): Promise<void> {
  const at = Math.max(0, durationMs / 3000).toFixed(2);
  try {
    await runProgram(FFMPEG, ["-v", "error", "-y", "-ss", at, "-i", video, "-map", "0:v:0", "-frames:v", "1", "-q:v", "4", poster]);
  } catch (error) {
    throw new Error(`not a playable video: ${String((error as { stderr?: string }).stderr || (error as Error).message).trim().slice(0, 300)}`);
  }
  if (!existsSync(poster)) throw new Error("not a playable video: no frame to cut a poster from");
}

const FONT_DIR = "/usr/share/fonts/truetype/dejavu";

/** Escapes a value for an ffmpeg filter-graph option. */
const escapeFilter = (s: string) => s.replace(/[\\':,;[\]]/g, (c) => `\\${c}`);

/** Wraps text to lines of at most `width` characters (drawtext does not wrap). */
export function wrapText(text: string, width: number, maxLines: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    for (let w = word; w.length; ) {
      const piece = w.slice(0, width);
      w = w.slice(width);
      if (!line) line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1]!.slice(0, width - 1)}…`;
  }
  return lines.join("\n");
}

/**
 * Renders a real H.264 MP4 of the given size and length with the prompt drawn on it and a
 * caption scrolling along the bottom: what the emulator answers with in place of a generated clip.
 */
export async function renderPlaceholderClip(opts: {
  out: string;
  width: number;
  height: number;
  seconds: number;
  title: string;
  caption: string;
  hue: number;
  /** Pad the stream to this constant bitrate, for clips as large as real ones (0: as small as it compresses). */
  bitrateKbps?: number;
}): Promise<void> {
  const { out, width, height, seconds } = opts;
  // This ffmpeg build takes sizes as plain numbers, not expressions.
  const short = Math.min(width, height);
  const size = (divisor: number) => Math.max(8, Math.round(short / divisor));
  const columns = Math.max(16, Math.round((width / short) * 22));
  // Text goes through files: drawtext mangles ':' '%' and quotes given inline.
  const titleFile = `${out}.title.txt`;
  const captionFile = `${out}.caption.txt`;
  await writeFile(titleFile, wrapText(opts.title, columns, 5));
  await writeFile(captionFile, opts.caption);
  const text = existsSync(`${FONT_DIR}/DejaVuSans.ttf`)
    ? [
        `drawtext=fontfile=${FONT_DIR}/DejaVuSans-Bold.ttf:textfile=${escapeFilter(titleFile)}:expansion=none:fontcolor=white:fontsize=${size(14)}:line_spacing=${size(40)}:x=(w-text_w)/2:y=(h-text_h)/2`,
        `drawtext=fontfile=${FONT_DIR}/DejaVuSans.ttf:textfile=${escapeFilter(captionFile)}:expansion=none:fontcolor=white@0.75:fontsize=${size(28)}:x=w-mod(t*w/4\\,w+text_w):y=h-2.2*text_h`,
      ].join(",")
    : "null";
  try {
    await run(FFMPEG, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `color=c=${hslToHex(opts.hue, 0.55, 0.18)}:s=${width}x${height}:d=${seconds}:r=24`,
      "-vf",
      text,
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      ...(opts.bitrateKbps
        ? ["-b:v", `${opts.bitrateKbps}k`, "-minrate", `${opts.bitrateKbps}k`, "-maxrate", `${opts.bitrateKbps}k`, "-bufsize", `${opts.bitrateKbps}k`, "-x264-params", "nal-hrd=cbr"]
        : []),
      "-pix_fmt",
      "yuv420p",
      "-movflags",
      "+faststart",
      "-t",
      String(seconds),
      out,
    ]);
  } finally {
    await rm(titleFile, { force: true });
    await rm(captionFile, { force: true });
  }
}

function hslToHex(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number) => Math.round(x * 255).toString(16).padStart(2, "0");
  return `0x${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}
