import { z } from "zod";

/**
 * The one rule for display names, at every door: auth's sign-up, the user service's profile
 * edits, and every consumer that receives a name in an event (`cleanDisplayName`). A name is
 * shown to other people and printed in mail sent to any address, so it must stay one short line
 * of plain words that cannot pose as the platform's own text:
 *
 * - no control characters (line breaks, tabs, escapes), no Unicode line or paragraph
 *   separators, no text-direction overrides, embeddings, isolates or marks (which reorder what
 *   a reader sees), no byte-order mark;
 * - no web address (`://` or `www.`): no person's name needs one, and it is what mail clients
 *   turn into a link. A bare domain (`evil.example`) cannot be told from a name (`J.R.R.`), so
 *   mail also quotes and labels names (notification service);
 * - spaces collapsed, trimmed, 1–100 characters.
 *
 * Joiners (U+200C, U+200D) stay allowed: scripts such as Persian and emoji sequences need them.
 */
export const DISPLAY_NAME_MAX_LENGTH = 100;

// Cc (C0/C1 controls, \n \r \t among them), Zl/Zp (U+2028, U+2029), the bidi controls
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and U+FEFF.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, "gu");
const WEB_ADDRESS = /:\/\/|www\./i;
const SPACES = /\p{Zs}+/gu;

const collapseSpaces = (name: string): string => name.replace(SPACES, " ").trim();

/** Request bodies: refuses a name that breaks the rule (a 400 `validation_failed`). */
export const displayNameSchema = z
  .string()
  .refine((name) => !FORBIDDEN.test(name), {
    message: "must not contain control characters, line breaks or text-direction overrides",
  })
  .refine((name) => !WEB_ADDRESS.test(name), { message: "must not contain a web address" })
  .overwrite(collapseSpaces)
  .min(1)
  .max(DISPLAY_NAME_MAX_LENGTH)
  .describe(
    "1–100 characters on one line: no control characters, line breaks, text-direction " +
      "overrides or web addresses; spaces are collapsed and trimmed.",
  );

/**
 * What a consumer keeps of a name that arrived in an event (older producers, or events written
 * before the rule): forbidden characters become spaces, spaces collapse, the length is cut to
 * the limit; a name with a web address, or nothing left, is dropped (null). Never throws, so a
 * bad name never dead-letters the event that carries it.
 */
export function cleanDisplayName(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const cleaned = collapseSpaces(raw.replace(FORBIDDEN_ALL, " "));
  if (cleaned === "" || WEB_ADDRESS.test(cleaned)) return null;
  if (cleaned.length <= DISPLAY_NAME_MAX_LENGTH) return cleaned;
  // Cut whole characters (never half a surrogate pair) to the schema's length in UTF-16 units.
  let cut = "";
  for (const char of cleaned) {
    if (cut.length + char.length > DISPLAY_NAME_MAX_LENGTH) break;
    cut += char;
  }
  return cut.trim();
}
