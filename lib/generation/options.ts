// The upstream's parameter vocabulary (see UPSTREAM.md). Lists are ordered as the form shows them.
export const ASPECT_RATIOS = ["16:9", "4:3", "1:1", "3:4", "9:16"] as const;
export const DURATIONS = [5, 8] as const;
export const QUALITIES = ["360p", "540p", "720p", "1080p"] as const;
export const MOTION_MODES = ["normal", "fast"] as const;
export const STYLES = ["anime", "3d_animation", "clay", "comic", "cyberpunk"] as const;

export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export type Duration = (typeof DURATIONS)[number];
export type Quality = (typeof QUALITIES)[number];
export type MotionMode = (typeof MOTION_MODES)[number];
export type Style = (typeof STYLES)[number];

export const DEFAULT_NEGATIVE_PROMPT = "No sudden movements, no fast zooms.";
export const SEED_MIN = 1;
export const SEED_MAX = 99999;
export const PROMPT_MAX_LENGTH = 2048;
export const NEGATIVE_PROMPT_MAX_LENGTH = 2048;

export const STYLE_LABELS: Record<Style, string> = {
  anime: "Anime",
  "3d_animation": "3D animation",
  clay: "Clay",
  comic: "Comic",
  cyberpunk: "Cyberpunk",
};

/** Frame height of each quality; the width follows from the aspect ratio. */
export const QUALITY_HEIGHT: Record<Quality, number> = {
  "360p": 360,
  "540p": 540,
  "720p": 720,
  "1080p": 1080,
};

/**
 * Frame size for a quality and aspect ratio: the quality names the short side,
 * so a 9:16 720p clip is 720×1280. Both sides are even, as H.264 requires.
 */
export function frameSize(quality: Quality, aspectRatio: AspectRatio): { width: number; height: number } {
  const short = QUALITY_HEIGHT[quality];
  const [w, h] = aspectRatio.split(":").map(Number) as [number, number];
  const even = (n: number) => Math.round(n / 2) * 2;
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) };
}
