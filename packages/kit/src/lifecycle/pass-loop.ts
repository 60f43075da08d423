import type { Logger } from "../logging/logger";

export interface PassLoop {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` now and then `intervalMs` after each pass ends (passes never overlap): the
 * periodic jobs a service runs on every replica (the registration service's recovery, the
 * notification service's reminders). A failed pass is logged and the loop goes on; `done`
 * logs what a pass reported.
 */
export function startPassLoop<T>(options: {
  /** Names the job in the log line of a failed pass. */
  name: string;
  pass: () => Promise<T>;
  intervalMs: number;
  logger: Logger;
  done?: (report: T) => void;
}): PassLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = options
      .pass()
      .then(
        (report) => options.done?.(report),
        (error: unknown) => {
          options.logger.error(`${options.name} pass failed`, { error: String(error) });
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
