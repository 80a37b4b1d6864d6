import { z } from "zod";
import { GENERATION_ID } from "./ids";
import { calendarDay } from "./limits";
import { ASPECT_RATIOS, QUALITIES, STYLES } from "./options";
import { GENERATION_STATUSES } from "./status";

/** A calendar day that exists: 2026-02-30 and 2026-13-45 are refused, not passed to Postgres. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-25.")
  .refine((s) => calendarDay(s) !== null && s >= "1970-01-01", "That day does not exist; use a date like 2026-11-25.")
  .optional();


/** The gallery's filters, as they appear in the page URL and the API query string. */
export const galleryQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200, "Search at most 200 characters.")
    .refine((s) => !s.includes("\u0000"), "Search cannot contain a NUL character (U+0000).")
    .optional(),
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

/** The cursor's (createdAt, id), or null unless it is exactly what encodeCursor makes. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (rest.length || !iso || !id || !GENERATION_ID.test(id)) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso)) return null; // years 0000–9999, as toISOString writes them
  const createdAt = new Date(iso);
  // A time Postgres can hold and JavaScript wrote: out-of-range years made the query fail.
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) return null;
  return { createdAt, id };
}
