import { z } from "zod";
import { ASPECT_RATIOS, QUALITIES, STYLES } from "./options";
import { GENERATION_STATUSES } from "./status";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-25.")
  .optional();

/** The gallery's filters, as they appear in the page URL and the API query string. */
export const galleryQuerySchema = z.object({
  q: z.string().trim().max(200, "Search at most 200 characters.").optional(),
  status: z.enum(GENERATION_STATUSES, { error: `Status must be one of ${GENERATION_STATUSES.join(", ")}.` }).optional(),
  quality: z.enum(QUALITIES, { error: `Quality must be one of ${QUALITIES.join(", ")}.` }).optional(),
  aspectRatio: z.enum(ASPECT_RATIOS, { error: `Aspect ratio must be one of ${ASPECT_RATIOS.join(", ")}.` }).optional(),
  style: z.enum(STYLES, { error: `Style must be one of ${STYLES.join(", ")}.` }).optional(),
  favorite: z.enum(["true"], { error: "favorite can only be true." }).optional(),
  from: day,
  to: day,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});

export type GalleryQuery = z.infer<typeof galleryQuerySchema>;
export type GalleryFilters = Omit<GalleryQuery, "cursor" | "limit">;

/** Reads filters from URL search params, dropping empty ones. */
export function searchParamsToObject(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const out: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "") out[k] = value;
  }
  return out;
}

/** A keyset cursor: the (createdAt, id) of the last item seen, opaque to clients. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}
