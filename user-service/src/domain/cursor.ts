import type { z } from "zod";

/**
 * Opaque keyset cursors: the last item's sort key as base64url JSON. Clients must not build
 * them; a cursor that does not decode to the expected shape is refused as invalid input.
 */
export const encodeCursor = (position: object): string =>
  Buffer.from(JSON.stringify(position), "utf8").toString("base64url");

export function decodeCursor<T>(schema: z.ZodType<T>, cursor: string): T | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** One page of a keyset listing (docs/conventions.md "Pagination"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells whether another page
 * exists, and the cursor is the position of the last item shown.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  position: (row: R) => object,
  view: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}
