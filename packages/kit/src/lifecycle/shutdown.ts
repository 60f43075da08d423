import type { ReadinessCheck } from "../health/health-routes";
import type { Logger } from "../logging/logger";

export interface ShutdownStepOptions {
  /** Bound for this step; the overall deadline still applies. */
  timeoutMs?: number;
  /** Called when the step runs out of time (e.g. force-close sockets). */
  onTimeout?: () => void;
}

interface Step extends ShutdownStepOptions {
  name: string;
  run: () => Promise<void> | void;
}

export type StepResult = "ok" | "failed" | "timeout" | "skipped";

export interface ShutdownOptions {
  logger: Logger;
  /** Bound for the whole sequence. */
  timeoutMs: number;
  /** Injected so tests can observe the exit code instead of ending the test runner. */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Adds a step; steps run in registration order. */
  register: (
    name: string,
    run: () => Promise<void> | void,
    options?: ShutdownStepOptions,
  ) => Shutdown;
  /** Runs the steps once (later calls get the same promise), then exits. Resolves with the exit code. */
  run: (reason: string) => Promise<number>;
  /** Installs SIGTERM/SIGINT handlers; returns a function that removes them. */
  listen: (signals?: readonly NodeJS.Signals[]) => () => void;
  isShuttingDown: () => boolean;
  /** A `/readyz` check that fails once shutdown has begun, so the proxy stops sending traffic. */
  readinessCheck: ReadinessCheck;
}

class StepTimeout extends Error {}

const bounded = async (work: () => Promise<void> | void, ms: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new StepTimeout());
    }, ms);
  });
  try {
    await Promise.race([Promise.resolve().then(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Ordered, bounded shutdown: typically `stop accepting`, `drain`, `stop consumers`,
 * `flush outbox`, `close pools`. A step that fails or overruns is logged and the next one
 * still runs (pools should close even if consumers hung); the exit code is 1 if anything
 * went wrong so the supervisor sees an unclean stop.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const steps: Step[] = [];
  let running: Promise<number> | undefined;

  const execute = async (reason: string): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    logger.info("shutdown started", { reason, steps: steps.map((s) => s.name) });
    let code = 0;
    for (const step of steps) {
      const remaining = deadline - Date.now();
      const budget = Math.min(step.timeoutMs ?? remaining, remaining);
      let result: StepResult = "ok";
      const started = Date.now();
      if (budget <= 0) {
        result = "skipped";
      } else {
        try {
          await bounded(step.run, budget);
        } catch (error) {
          result = error instanceof StepTimeout ? "timeout" : "failed";
          if (result === "timeout") step.onTimeout?.();
          logger.error("shutdown step did not complete", { step: step.name, result, error });
        }
      }
      if (result !== "ok") code = 1;
      logger.info("shutdown step", { step: step.name, result, duration_ms: Date.now() - started });
    }
    logger.info("shutdown finished", { exit_code: code });
    return code;
  };

  const shutdown: Shutdown = {
    register(name, run, stepOptions = {}) {
      steps.push({ name, run, ...stepOptions });
      return shutdown;
    },
    run(reason) {
      running ??= execute(reason).then(
        (code) => {
          exit(code);
          return code;
        },
        (error: unknown) => {
          logger.error("shutdown crashed", { error });
          exit(1);
          return 1;
        },
      );
      return running;
    },
    listen(signals = ["SIGTERM", "SIGINT"]) {
      const onSignal = (signal: NodeJS.Signals) => {
        // A repeated signal (Ctrl-C plus the runner's SIGTERM) must not cut the sequence short.
        if (running) {
          logger.info("shutdown already in progress", { signal });
          return;
        }
        void shutdown.run(signal);
      };
      for (const signal of signals) process.on(signal, onSignal);
      return () => {
        for (const signal of signals) process.off(signal, onSignal);
      };
    },
    isShuttingDown: () => running !== undefined,
    readinessCheck: {
      name: "accepting_traffic",
      check: () =>
        running === undefined ? Promise.resolve() : Promise.reject(new Error("shutting down")),
    },
  };
  return shutdown;
}
