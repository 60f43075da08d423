import type { Logger } from "@turnout/kit";

export interface ReminderLoop {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** Runs `pass` now and then `intervalMs` after each pass ends (passes never overlap). */
export function startReminderLoop(options: {
  pass: () => Promise<{ events: number; bookings: number }>;
  intervalMs: number;
  logger: Logger;
}): ReminderLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = options
      .pass()
      .then(
        (report) => {
          if (report.events > 0) options.logger.info("reminders queued", report);
        },
        (error: unknown) => {
          options.logger.error("reminder pass failed", { error: String(error) });
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
