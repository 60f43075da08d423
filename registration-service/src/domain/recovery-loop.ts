import type { Logger } from "@turnout/kit";

export interface RecoveryLoop {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** Runs `pass` now and then `intervalMs` after each pass ends (passes never overlap). */
export function startRecoveryLoop(options: {
  pass: () => Promise<unknown>;
  intervalMs: number;
  logger: Logger;
}): RecoveryLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = options
      .pass()
      .then(
        (report) => {
          options.logger.debug("recovery pass done", { report });
        },
        (error: unknown) => {
          options.logger.error("recovery pass failed", { error: String(error) });
        },
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
