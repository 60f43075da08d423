import * as z from "zod/mini";

/** A page of a list route (docs/conventions.md "Pagination"). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.catch(z.nullable(z.string()), null) });
