import type { z } from "zod";
import { validationFailed, zodIssuesToFieldErrors } from "@turnout/kit";

/** One part of an internal request (path, body) parsed by `schema`, else 400 `validation_failed`. */
export function parsePart<S extends z.ZodType>(
  part: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw validationFailed(
      zodIssuesToFieldErrors(parsed.error.issues),
      `The ${part} is not valid.`,
    );
  return parsed.data;
}
