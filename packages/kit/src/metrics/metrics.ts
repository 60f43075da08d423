import type { Request, RequestHandler } from "express";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export const UNMATCHED_ROUTE = "unmatched";

export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status_code">;
  /** Times each request; mount before the routes. */
  middleware: RequestHandler;
  /** `GET /metrics` in the Prometheus text format. */
  handler: RequestHandler;
}

export interface MetricsOptions {
  service: string;
  /** Process metrics (CPU, memory, event loop, GC); on by default. */
  collectDefaults?: boolean;
  buckets?: number[];
}

const ROUTE_PATTERN = Symbol("turnout.routePattern");

type TimedRequest = Request & { [ROUTE_PATTERN]?: string };

/**
 * Records the matched route pattern the moment Express assigns `req.route`. Reading it at
 * `finish` is not enough: by then a nested router has restored `req.baseUrl`, so an error
 * thrown under `/api/v1/events` would be labelled `/:id` alone.
 */
const captureRoutePattern = (req: TimedRequest): void => {
  let current: unknown = req.route;
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (route: unknown) => {
      current = route;
      const path = (route as { path?: unknown } | undefined)?.path;
      if (typeof path === "string" || Array.isArray(path)) {
        req[ROUTE_PATTERN] = `${req.baseUrl}${Array.isArray(path) ? path.join("|") : path}`;
      }
    },
  });
};

/**
 * One registry per app rather than prom-client's global one, so tests can build many apps
 * and each service names its own metrics without collisions.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.collectDefaults !== false) collectDefaultMetrics({ register: registry });

  const httpRequestDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: options.buckets ?? [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const timedRequest = req as TimedRequest;
    captureRoutePattern(timedRequest);
    const stop = httpRequestDuration.startTimer();
    // `close` also fires when the client goes away before the reply is finished.
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      stop({
        method: req.method,
        route: timedRequest[ROUTE_PATTERN] ?? UNMATCHED_ROUTE,
        status_code: String(res.statusCode),
      });
    };
    res.once("finish", record);
    res.once("close", record);
    next();
  };

  const handler: RequestHandler = async (_req, res) => {
    const body = await registry.metrics();
    res.type(registry.contentType).send(body);
  };

  return { registry, httpRequestDuration, middleware, handler };
}
