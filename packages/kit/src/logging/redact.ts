export const REDACTED = "[REDACTED]";

// Compared after lower-casing and dropping separators, so `access_token`, `accessToken`
// and `X-Access-Token` all match `token`. Over-masking (`token_type`) is the cheap mistake.
const SENSITIVE_KEY_PARTS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "authorization",
  "cookie",
  "privatejwk",
  "privatekey",
  "apikey",
  "credential",
  "sessionid",
  "signature",
];
const SENSITIVE_EXACT_KEYS = new Set(["jwt", "jwk", "d", "otp", "pin"]);

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return (
    SENSITIVE_EXACT_KEYS.has(normalized) ||
    SENSITIVE_KEY_PARTS.some((part) => normalized.includes(part))
  );
}

const STRING_RULES: readonly [RegExp, string][] = [
  // Authorization header values that slipped into a message.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // Anything shaped like a JWS/JWT, wherever it appears.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Passwords in connection URLs (postgres://user:pass@host).
  [/(\/\/[^/\s:@]+):[^@\s/]+@/g, `$1:${REDACTED}@`],
  // Secrets in query strings: no route takes one, but a client may still send one.
  [
    /([?&](?:access_token|refresh_token|id_token|token|password|secret|client_secret|code)=)[^&\s#"]+/gi,
    `$1${REDACTED}`,
  ],
];

export function redactString(text: string): string {
  let result = text;
  for (const [pattern, replacement] of STRING_RULES) result = result.replace(pattern, replacement);
  return result;
}

const MAX_DEPTH = 8;

const serializeError = (error: Error, depth: number, seen: WeakSet<object>): unknown => {
  const plain: Record<string, unknown> = {
    name: error.name,
    message: error.message,
    stack: error.stack,
  };
  // Own enumerable fields carry `code`, `status`, driver details and the like.
  for (const [key, value] of Object.entries(error)) plain[key] = value;
  if (error.cause !== undefined) plain.cause = error.cause;
  return redactValue(plain, depth, seen);
};

/**
 * Returns a masked copy of `value`. Never mutates its input: log metadata is often an
 * object the caller keeps using.
 */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  try {
    if (value instanceof Error) return serializeError(value, depth, seen);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
    if (value instanceof Map) return redactValue(Object.fromEntries(value), depth, seen);
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      copy[key] = isSensitiveKey(key) ? REDACTED : redactValue(child, depth + 1, seen);
    }
    return copy;
  } finally {
    // Only ancestors count as cycles; the same object twice side by side is fine.
    seen.delete(value);
  }
}
