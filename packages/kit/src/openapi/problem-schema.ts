import { z } from "zod";
import type { FieldError, Problem } from "../errors";
import { PROBLEM_CONTENT_TYPE } from "../errors";

/** `FieldError` as a schema: documented once, as the `FieldError` component. */
export const fieldErrorSchema = z
  .object({
    path: z.string().meta({
      description: "Dotted path into the input (`items.0.email`); empty for the whole input.",
      examples: ["email"],
    }),
    message: z.string().meta({ examples: ["Invalid email address"] }),
    code: z.string().meta({
      description: "Machine-readable reason, e.g. `too_small`.",
      examples: ["invalid_format"],
    }),
  })
  .meta({ id: "FieldError", description: "One field-level problem of a validation failure." });

/**
 * The body of every error reply (docs/conventions.md) as the `Problem` component. The kit's
 * `Problem` interface stays the type the error middleware writes; the check below keeps the
 * two from drifting apart.
 */
export const problemSchema = z
  .object({
    type: z.url().meta({
      description: "`https://turnout.dev/problems/<code>`.",
      examples: ["https://turnout.dev/problems/validation_failed"],
    }),
    title: z.string().meta({ examples: ["Bad Request"] }),
    status: z
      .int()
      .min(400)
      .max(599)
      .meta({ examples: [400] }),
    detail: z.string().meta({
      description: "What went wrong, in plain words.",
      examples: ["The request body is not valid."],
    }),
    code: z.string().meta({
      description: "Stable machine-readable code (`validation_failed`, `event_full`, ...).",
      examples: ["validation_failed"],
    }),
    request_id: z.string().meta({
      description: "The `X-Request-Id` of the request, for support and logs.",
      examples: ["3f2b9c1e-8d4a-4f7e-a0c5-6b1d2e3f4a5b"],
    }),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({
    id: "Problem",
    description: `Every error is \`${PROBLEM_CONTENT_TYPE}\` (RFC 9457).`,
  });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when the schema and the interfaces the middleware uses disagree.
const _problemMatches: Same<z.output<typeof problemSchema>, Problem> = true;
const _fieldErrorMatches: Same<z.output<typeof fieldErrorSchema>, FieldError> = true;
