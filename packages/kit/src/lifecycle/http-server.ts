import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface ListenOptions {
  port: number;
  /** Address to bind; loopback unless told (a container passes `0.0.0.0`: LISTEN_HOST). */
  host?: string;
  /**
   * Idle keep-alive timeout. It must exceed the proxy's upstream keep-alive (nginx: 60 s)
   * or the proxy may reuse a socket Node is closing and return a 502.
   */
  keepAliveTimeoutMs?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
}

/** Starts listening and resolves with the bound port (useful with `port: 0`). */
export function startHttpServer(app: Express, options: ListenOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host ?? "127.0.0.1");
    const keepAlive = options.keepAliveTimeoutMs ?? 65_000;
    server.keepAliveTimeout = keepAlive;
    // Must be above keepAliveTimeout, see nodejs/node#27363.
    server.headersTimeout = keepAlive + 1_000;
    const onError = (error: Error) => {
      reject(error);
    };
    server.once("error", onError);
    server.once("listening", () => {
      server.off("error", onError);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

export interface HttpServerSteps {
  /** Stop accepting connections and close idle keep-alive ones. Returns at once. */
  stopAccepting: () => void;
  /** Resolves when every in-flight request has finished and its connection closed. */
  drain: () => Promise<void>;
  /** Drops whatever is still open (used when `drain` runs out of time). */
  forceClose: () => void;
}

/**
 * The two HTTP shutdown steps. `server.close()` waits for open connections, and a
 * keep-alive connection that finishes its request stays open, so drain keeps closing
 * connections as they turn idle instead of waiting for their keep-alive timeout.
 */
export function httpServerSteps(server: Server, pollMs = 50): HttpServerSteps {
  let closed: Promise<void> | undefined;
  const stopAccepting = () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeIdleConnections();
  };
  const drain = async () => {
    stopAccepting();
    const interval = setInterval(() => {
      server.closeIdleConnections();
    }, pollMs);
    interval.unref();
    try {
      await closed;
    } finally {
      clearInterval(interval);
    }
  };
  const forceClose = () => {
    server.closeAllConnections();
  };
  return { stopAccepting, drain, forceClose };
}
