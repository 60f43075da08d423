import { request } from "node:http";

/**
 * A client at another address: Linux routes all of 127.0.0.0/8 to the loopback interface, so a
 * request can leave from 127.a.b.c and a service sees that as its peer address (req.ip) with no
 * `X-Forwarded-For` at all. That is how the proof tests stand in for attackers and users at
 * different addresses, whichever proxies a service trusts.
 */
export const randomLoopbackAddress = (): string =>
  `127.${byte()}.${byte()}.${Math.floor(Math.random() * 253) + 2}`;
const byte = () => Math.floor(Math.random() * 254) + 1;

export interface JsonReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  /** Milliseconds from sending to the end of the reply. */
  ms: number;
}

/** POSTs JSON to `url` from the local address `from`. */
export function postJsonFrom(url: string, body: unknown, from: string): Promise<JsonReply> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        localAddress: from,
        headers: { "Content-Type": "application/json", "Content-Length": payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
            ms: Date.now() - started,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
