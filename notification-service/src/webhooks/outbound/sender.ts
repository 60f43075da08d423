import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import {
  type GuardOptions,
  parseAllowedCidrs,
  type ResolvedAddress,
  resolveDestination,
} from "./address-guard";
import { signatureHeaders } from "./signing";

export interface OutboundRequest {
  url: string;
  /** The endpoint's valid secrets: the current one, and the previous during a rotation. */
  secrets: readonly string[];
  /** `webhook-id`: the CloudEvent id, the same on every retry, resend and replay. */
  messageId: string;
  /** `webhook-timestamp`: this attempt's time. */
  timestamp: Date;
  /** The CloudEvent as JSON, sent and signed byte for byte. */
  body: string;
}

export type OutboundError =
  | "timeout"
  | "address_not_allowed"
  | "connection_failed"
  | "redirect"
  | "http_status"
  | "response_too_large"
  | "invalid_url";

export interface OutboundResult {
  /** A 2xx answer: the delivery succeeded. */
  ok: boolean;
  responseStatus: number | null;
  latencyMs: number;
  /**
   * Why it failed; null on success, except `response_too_large` on a 2xx whose body went past
   * the cap (still a success: only the excerpt is affected).
   */
  error: OutboundError | null;
  /** The first 1 KiB of the response body, as text; null when nothing was read. */
  responseExcerpt: string | null;
}

export interface OutboundOptions extends GuardOptions {
  /** Bounds the whole attempt: lookup, connect, TLS, sending and reading the answer. */
  timeoutMs: number;
  /** Bytes of a response read at most; the connection is closed beyond that. */
  maxResponseBytes: number;
}

const EXCERPT_BYTES = 1024;
const USER_AGENT = "Turnout-Webhooks/1";

/** Answers the socket's lookup with the addresses already checked: no second DNS query. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(null, [...addresses]);
      return;
    }
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const pick = addresses.find(({ family }) => wanted === undefined || family === wanted);
    if (pick) callback(null, pick.address, pick.family);
    else callback(Object.assign(new Error("no checked address"), { code: "ENOTFOUND" }), "", 0);
  };
}

/** Text of the first bytes read; NUL is replaced since PostgreSQL text cannot hold it. */
function excerptOf(chunks: readonly Buffer[]): string | null {
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES);
  return bytes.length === 0 ? null : bytes.toString("utf8").replaceAll("\u0000", "\uFFFD");
}

/** Rejects as soon as the signal aborts, for waits that cannot take a signal (a DNS lookup). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(new Error("aborted"));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener("abort", onAbort);
    });
  });
}

/**
 * Sends signed webhooks. Each attempt checks the destination again (the name may resolve
 * elsewhere by now), connects to the checked address only, follows no redirect and reads at
 * most `maxResponseBytes`. Network outcomes never throw: they come back as an OutboundResult.
 * One connection per attempt (no keep-alive pool), so every connection was checked.
 */
export function createWebhookSender(options: OutboundOptions): {
  send(request: OutboundRequest): Promise<OutboundResult>;
} {
  const allowed = parseAllowedCidrs(options.allowedCidrs);

  async function send(request: OutboundRequest): Promise<OutboundResult> {
    const started = performance.now();
    const headers = {
      ...signatureHeaders(request.secrets, request.messageId, request.timestamp, request.body),
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(request.body)),
      "user-agent": USER_AGENT,
    };
    const signal = AbortSignal.timeout(options.timeoutMs);
    const result = (
      partial: Omit<OutboundResult, "latencyMs" | "responseExcerpt"> & {
        responseExcerpt?: string | null;
      },
    ): OutboundResult => ({
      responseExcerpt: null,
      ...partial,
      latencyMs: Math.round(performance.now() - started),
    });

    let destination;
    try {
      destination = await abortable(resolveDestination(request.url, options, allowed), signal);
    } catch {
      return result({ ok: false, responseStatus: null, error: "timeout" });
    }
    if (!destination.ok) {
      return result({ ok: false, responseStatus: null, error: destination.error });
    }
    const { url, hostname, addresses } = destination;
    const isHttps = url.protocol === "https:";

    return new Promise<OutboundResult>((resolve) => {
      let settled = false;
      let status: number | null = null;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      const settle = (partial: Pick<OutboundResult, "ok" | "error">) => {
        if (settled) return;
        settled = true;
        resolve(result({ ...partial, responseStatus: status, responseExcerpt: excerptOf(kept) }));
      };
      const onError = () => {
        settle({ ok: false, error: signal.aborted ? "timeout" : "connection_failed" });
      };
      const finish = (tooLarge: boolean) => {
        const code = status ?? 0;
        if (code >= 200 && code < 300) {
          settle({ ok: true, error: tooLarge ? "response_too_large" : null });
        } else {
          settle({ ok: false, error: code >= 300 && code < 400 ? "redirect" : "http_status" });
        }
      };

      const requestOptions: https.RequestOptions = {
        method: "POST",
        hostname,
        port: url.port === "" ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers,
        signal,
        agent: false,
        lookup: pinnedLookup(addresses),
        // The certificate is still checked against the name, not the pinned address.
        ...(isHttps && isIP(hostname) === 0 ? { servername: hostname } : {}),
      };
      const outgoing = (isHttps ? https : http).request(requestOptions, (response) => {
        status = response.statusCode ?? null;
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (keptBytes < EXCERPT_BYTES) {
            kept.push(chunk.subarray(0, EXCERPT_BYTES - keptBytes));
            keptBytes += Math.min(chunk.length, EXCERPT_BYTES - keptBytes);
          }
          if (read > options.maxResponseBytes) {
            finish(true);
            outgoing.destroy();
          }
        });
        response.on("end", () => {
          finish(false);
        });
        response.on("error", onError);
        response.on("close", () => {
          if (!response.complete) onError();
        });
      });
      outgoing.on("error", onError);
      outgoing.end(request.body);
    });
  }

  return { send };
}
