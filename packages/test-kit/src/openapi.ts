import type { ParserOptions } from "@readme/openapi-parser";

/**
 * Fails, listing every problem, unless `doc` is a valid OpenAPI 3.1 document: the 3.1
 * meta-schema plus the checks it cannot express (path parameters declared and required,
 * unique operation ids, resolvable `$ref`s).
 */
export async function expectValidOpenApi(doc: unknown): Promise<void> {
  const version = (doc as { openapi?: unknown } | null)?.openapi;
  if (typeof version !== "string" || !version.startsWith("3.1.")) {
    throw new Error(`expected an OpenAPI 3.1 document, got openapi: ${JSON.stringify(version)}`);
  }
  // Loaded on first use so that the many tests importing the kit do not pay for ajv.
  const { compileErrors, validate } = await import("@readme/openapi-parser");
  const options: ParserOptions = {
    // Only the document itself counts: nothing may be fetched or read from disk.
    resolve: { external: false, file: false },
    validate: { errors: { colorize: false } },
  };
  // validate() dereferences in place; the caller's document stays as it was.
  const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0], options);
  if (!result.valid || result.warnings.length > 0) throw new Error(compileErrors(result));
}

/**
 * `METHOD /path` of every operation that needs a bearer token but names no scope: the routes
 * that refuse every API token. A service's test compares them with its allow-list of account
 * routes, so a new route cannot skip the scope decision unnoticed.
 */
export function unscopedRoutes(doc: {
  paths?: Record<string, Record<string, { security?: Record<string, string[]>[] } | undefined>>;
}): string[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => {
        const security = operation?.security;
        return (
          security !== undefined &&
          security.every((entry) => Object.values(entry).flat().length === 0)
        );
      })
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}
