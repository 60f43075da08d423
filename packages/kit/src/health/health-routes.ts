import { Router } from "express";
import type { Logger } from "../logging/logger";

/** A named dependency probe for `/readyz`; resolve when usable, reject when not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface CheckOutcome {
  status: "ok" | "failed" | "timeout";
  duration_ms: number;
}

export interface ReadinessReport {
  status: "ready" | "not_ready";
  checks: Record<string, CheckOutcome>;
}

class CheckTimeout extends Error {}

const withTimeout = async (work: Promise<void>, timeoutMs: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new CheckTimeout());
    }, timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Runs every check concurrently, each bounded by `timeoutMs`, so one hung dependency
 * cannot hang the probe. Failure reasons are logged, not returned: driver messages can
 * name hosts and users, and the probe is reachable without authentication.
 */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
  logger?: Logger,
): Promise<ReadinessReport> {
  const outcomes = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, CheckOutcome]> => {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        // `check()` may throw synchronously; wrapping keeps that a failure, not a crash.
        await withTimeout(Promise.resolve().then(check), timeoutMs);
        return [name, { status: "ok", duration_ms: elapsed() }];
      } catch (error) {
        const status = error instanceof CheckTimeout ? "timeout" : "failed";
        logger?.warn("readiness check failed", { check: name, status, error });
        return [name, { status, duration_ms: elapsed() }];
      }
    }),
  );
  const ready = outcomes.every(([, outcome]) => outcome.status === "ok");
  return { status: ready ? "ready" : "not_ready", checks: Object.fromEntries(outcomes) };
}

export interface HealthRoutesOptions {
  checks?: readonly ReadinessCheck[];
  /** Per-check bound in milliseconds (default 2000). */
  timeoutMs?: number;
  logger?: Logger;
}

/** `GET /healthz` (the process is alive) and `GET /readyz` (its dependencies are usable). */
export function healthRoutes(options: HealthRoutesOptions = {}): Router {
  const { checks = [], timeoutMs = 2000, logger } = options;
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const report = await runReadinessChecks(checks, timeoutMs, logger);
    res
      .status(report.status === "ready" ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(report);
  });
  return router;
}
