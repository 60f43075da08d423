import { cleanDisplayName } from "@turnout/contracts";

/** A name already cleaned by the display-name rule, in quotes. */
export const quote = (cleanName: string): string => `\u201c${cleanName}\u201d`;

/**
 * A name as messages show it: cleaned by the one display-name rule (one line, no controls, bidi
 * overrides or web addresses; a name that breaks it is dropped), and always in quotes, so
 * whatever someone typed as a name reads as a quoted name and never as the message's own words.
 * The mail renderer escapes it in HTML like every string.
 */
export function quotedName(name: string | null | undefined): string | null {
  const clean = cleanDisplayName(name);
  return clean === null ? null : quote(clean);
}
