/**
 * The inbox's opaque keyset cursor: the `seq` of the last item of a page, base64url-encoded JSON
 * so clients treat it as a token and the format can change. Undefined for anything that is not
 * one of ours.
 */
export function encodeCursor(seq: bigint): string {
  return Buffer.from(JSON.stringify({ s: seq.toString() })).toString("base64url");
}

export function decodeCursor(cursor: string): bigint | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const seq = (value as { s?: unknown } | null)?.s;
    if (typeof seq !== "string" || !/^[1-9]\d{0,18}$/.test(seq)) return undefined;
    return BigInt(seq);
  } catch {
    return undefined;
  }
}
