/*
 * The request side of the minimal HTTP/1.1 server: request line, headers, and a body framed by
 * Content-Length or chunked transfer coding, with limits so a client cannot make it buffer
 * without bound.
 */

export interface HttpRequest {
  method: string;
  target: string;
  headers: ReadonlyMap<string, string>;
  body: Buffer;
}

const MAX_HEAD_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class ProtocolError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Parsed {
  request: HttpRequest;
  consumed: number;
  keepAlive: boolean;
}
export type ParseResult = Parsed | { incomplete: true; expectContinue: boolean };

function parseChunked(buf: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let pos = start;
  let total = 0;
  for (;;) {
    const lineEnd = buf.indexOf("\r\n", pos);
    if (lineEnd === -1) {
      if (buf.length - pos > 1024) throw new ProtocolError(400, "malformed chunk size");
      return undefined;
    }
    const sizeText = (buf.toString("latin1", pos, lineEnd).split(";")[0] ?? "").trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new ProtocolError(400, "malformed chunk size");
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // "0\r\n" is followed by optional trailers and a blank line; the search starts at the
      // CRLF ending the size line so that the no-trailer case matches immediately.
      const end = buf.indexOf("\r\n\r\n", lineEnd);
      return end === -1 ? undefined : { body: Buffer.concat(parts), end: end + 4 };
    }
    total += size;
    if (total > MAX_BODY_BYTES) throw new ProtocolError(413, "request body too large");
    const dataStart = lineEnd + 2;
    const dataEnd = dataStart + size;
    if (buf.length < dataEnd + 2) return undefined;
    if (buf[dataEnd] !== 13 || buf[dataEnd + 1] !== 10) throw new ProtocolError(400, "bad chunk");
    parts.push(buf.subarray(dataStart, dataEnd));
    pos = dataEnd + 2;
  }
}

export function parseRequest(buf: Buffer): ParseResult {
  const headEnd = buf.indexOf("\r\n\r\n");
  if (headEnd === -1) {
    if (buf.length > MAX_HEAD_BYTES) throw new ProtocolError(431, "request head too large");
    return { incomplete: true, expectContinue: false };
  }
  if (headEnd > MAX_HEAD_BYTES) throw new ProtocolError(431, "request head too large");
  const lines = buf.toString("latin1", 0, headEnd).split("\r\n");
  const requestLine = /^([A-Za-z-]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? "");
  if (!requestLine) throw new ProtocolError(400, "malformed request line");
  const [, method = "", target = "", minor] = requestLine;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
      throw new ProtocolError(400, "malformed header");
    }
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  const connection = (headers.get("connection") ?? "").toLowerCase();
  const keepAlive = minor === "1" ? !connection.includes("close") : connection === "keep-alive";
  const bodyStart = headEnd + 4;
  const expectContinue = (headers.get("expect") ?? "").toLowerCase() === "100-continue";

  let body: Buffer;
  let consumed: number;
  const transferEncoding = headers.get("transfer-encoding");
  if (transferEncoding !== undefined) {
    if (transferEncoding.toLowerCase() !== "chunked") {
      throw new ProtocolError(501, "unsupported transfer encoding");
    }
    const chunked = parseChunked(buf, bodyStart);
    if (!chunked) return { incomplete: true, expectContinue };
    body = chunked.body;
    consumed = chunked.end;
  } else {
    const lengthText = headers.get("content-length") ?? "0";
    if (!/^\d{1,10}$/.test(lengthText)) throw new ProtocolError(400, "bad content-length");
    const length = Number(lengthText);
    if (length > MAX_BODY_BYTES) throw new ProtocolError(413, "request body too large");
    if (buf.length < bodyStart + length) return { incomplete: true, expectContinue };
    body = buf.subarray(bodyStart, bodyStart + length);
    consumed = bodyStart + length;
  }
  return { request: { method: method.toUpperCase(), target, headers, body }, consumed, keepAlive };
}
