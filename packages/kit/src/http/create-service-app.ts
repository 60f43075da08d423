import express, { type Express, type Request } from "express";
import { createErrorHandler, notFoundHandler } from "../errors/error-middleware";
import { healthRoutes, type ReadinessCheck } from "../health/health-routes";
import type { Logger } from "../logging/logger";
import { createMetrics, type Metrics } from "../metrics/metrics";
import { jsonBody } from "./json-body";
import { requestContext } from "./request-id";

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  /** Dependencies `/readyz` probes (database, broker, keys). */
  readiness?: readonly ReadinessCheck[];
  /** Per-check bound for `/readyz`, in milliseconds. */
  readinessTimeoutMs?: number;
  /** Pass one to add service metrics to the same registry; a fresh one otherwise. */
  metrics?: Metrics;
  /** JSON body limit, bytes or `100kb`-style. */
  bodyLimit?: number | string;
  /** Lets specific requests carry non-JSON bodies (everything else gets 415). */
  allowNonJsonBody?: (req: Request) => boolean;
  /**
   * Whose `X-Forwarded-For` sets `req.ip` (Express `trust proxy`): the gateway's addresses
   * only, never a hop count, since a hop count believes whoever connects. Default
   * `["loopback"]`; the runtime applies the service's TRUSTED_PROXIES when it serves.
   */
  trustProxy?: readonly string[];
  /** Registers the service's own routes. */
  configure: (app: Express) => void;
}

/**
 * The Express app every service's `createApp` builds on. The order matters: the request
 * context wraps everything so every log line has an id; metrics time the whole request;
 * health routes stay outside the service's routers (and their auth); the 404 and error
 * handlers come last so every failure has the same problem shape.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const metrics = options.metrics ?? createMetrics({ service: options.service });
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", [...(options.trustProxy ?? ["loopback"])]);
  app.locals.metrics = metrics;

  app.use(requestContext);
  app.use(metrics.middleware);
  app.use(jsonBody({ limit: options.bodyLimit, allowNonJson: options.allowNonJsonBody }));

  app.use(
    healthRoutes({
      checks: options.readiness ?? [],
      timeoutMs: options.readinessTimeoutMs,
      logger: options.logger,
    }),
  );
  app.get("/metrics", metrics.handler);

  options.configure(app);

  app.use(notFoundHandler);
  app.use(createErrorHandler({ logger: options.logger }));
  return app;
}
