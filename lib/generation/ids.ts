// The shapes of the names the studio gives out, so a value from a URL that cannot be one of them
// is refused before any lookup (Postgres answers some, a NUL for one, with an error, not no row).

/** Generation ids (cuid): letters and digits. */
export const GENERATION_ID = /^[a-z0-9]{1,64}$/i;

/** Share slugs: 24 random bytes, base64url (lib/data/generations.ts shareGeneration). */
export const SHARE_SLUG = /^[\w-]{20,64}$/;
