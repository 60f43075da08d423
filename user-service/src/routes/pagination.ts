import { z } from "zod";

/** `limit` of every list route (docs/conventions.md "Pagination"). */
export const limitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(20)
  .describe("Items per page, 1–100.");

/** An opaque `cursor` parameter, decoded by `decode`; a foreign value is a 400. */
export const cursorSchema = <T>(decode: (cursor: string) => T | undefined) =>
  z
    .string()
    .max(400)
    .transform((cursor, ctx) => {
      const position = decode(cursor);
      if (position === undefined) {
        ctx.addIssue({ code: "custom", message: "not a cursor of this list", input: cursor });
        return z.NEVER;
      }
      return position;
    })
    .optional()
    .describe("`next_cursor` of the previous page; leave out for the first page.");

/** `{ items, next_cursor }` around an item schema. */
export const pageSchema = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ items: z.array(item), next_cursor: z.string().nullable() })
    .meta({ id, description: "One page; `next_cursor` is null on the last one." });
