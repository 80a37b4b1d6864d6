import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import ffmpegInstaller from "@ffmpeg-installer/ffmpeg";
import ffprobeInstaller from "@ffprobe-installer/ffprobe";

const run = promisify(execFile);

export const FFMPEG = ffmpegInstaller.path;
export const FFPROBE = ffprobeInstaller.path;

export type VideoInfo = { width: number; height: number; durationMs: number; codec: string };

/** Reads a video's frame size and length; fails when the file is not a playable video. */
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
 * Decodes the whole file once, so a clip cut short mid-stream is caught before anyone is shown a
 * broken player, and in the same pass writes the frame a third of the way in as a JPEG poster.
 */
export async function decodeAndCutPoster(video: string, poster: string, durationMs: number): Promise<void> {
  const at = Math.max(0, durationMs / 3000).toFixed(2);
  try {
    const { stderr } = await run(FFMPEG, [
      "-v", "error", "-y", "-i", video,
      "-map", "0:v:0", "-f", "null", "-",
      "-map", "0:v:0", "-vf", `select=gte(t\\,${at})`, "-frames:v", "1", "-q:v", "4", poster,
    ]);
    if (/invalid|error|truncat|moov atom not found/i.test(stderr)) throw new Error(stderr.trim().slice(0, 300));
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
