/**
 * Compose's variable syntax, as the Compose Specification defines it ("Interpolation"), so the
 * static check sees the values a container would get from `.env.example`.
 */

export type Operator = "" | ":-" | "-" | ":?" | "?" | ":+" | "+";

export interface Reference {
  name: string;
  operator: Operator;
  /** The default, the error message or the alternative, after the operator. */
  argument: string;
}

const token =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Every `${NAME...}` and `$NAME` in a string (`$$` is an escaped dollar, not a reference). */
export function references(text: string): Reference[] {
  const found: Reference[] = [];
  for (const match of text.matchAll(token)) {
    const name = match[2] ?? match[5];
    if (name === undefined) continue;
    found.push({ name, operator: (match[3] ?? "") as Operator, argument: match[4] ?? "" });
  }
  return found;
}

/** The value compose substitutes, and the errors it would stop with (`:?` and `?`). */
export function interpolate(
  text: string,
  env: Readonly<Record<string, string>>,
): { value: string; errors: string[] } {
  const errors: string[] = [];
  const value = text.replace(
    token,
    (
      _whole,
      dollar: string | undefined,
      braced: string | undefined,
      operator: string | undefined,
      argument: string | undefined,
      bare: string | undefined,
    ) => {
      if (dollar !== undefined) return "$";
      const name = braced ?? bare ?? "";
      const current = Object.hasOwn(env, name) ? env[name] : undefined;
      const empty = current === undefined || current === "";
      switch (operator ?? "") {
        case ":-":
          return empty ? (argument ?? "") : current;
        case "-":
          return current ?? argument ?? "";
        case ":?":
        case "?":
          if (operator === ":?" ? empty : current === undefined) {
            errors.push(`${name}: ${argument || "required"}`);
            return "";
          }
          return current ?? "";
        case ":+":
          return empty ? "" : (argument ?? "");
        case "+":
          return current === undefined ? "" : (argument ?? "");
        default:
          return current ?? "";
      }
    },
  );
  return { value, errors };
}

/** Every string of a parsed document, with its path ("services.auth-service.environment.PORT"). */
export function* strings(node: unknown, path: string[] = []): Generator<[string[], string]> {
  if (typeof node === "string") yield [path, node];
  else if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* strings(item, [...path, String(index)]);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) yield* strings(value, [...path, key]);
  }
}

/** A copy of a parsed document with every string interpolated; errors carry their path. */
export function interpolateDocument(
  node: unknown,
  env: Readonly<Record<string, string>>,
  errors: string[] = [],
  path: string[] = [],
): unknown {
  if (typeof node === "string") {
    const result = interpolate(node, env);
    errors.push(...result.errors.map((error) => `${path.join(".")}: ${error}`));
    return result.value;
  }
  if (Array.isArray(node)) {
    return node.map((item, index) =>
      interpolateDocument(item, env, errors, [...path, String(index)]),
    );
  }
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        interpolateDocument(value, env, errors, [...path, key]),
      ]),
    );
  }
  return node;
}

/**
 * An env file as compose reads it: `KEY=value` lines, `#` comments, optional quotes and
 * `export `. Later lines win.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? "";
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? "";
    else value = value.replace(/\s+#.*$/, "");
    env[match[1]] = value;
  }
  return env;
}
