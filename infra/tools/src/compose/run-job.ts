/**
 * Runs an init job as a process: a line per step, and exit status 1 with the reason on failure,
 * which `depends_on: service_completed_successfully` turns into "the stack does not start".
 */
export function runJob(name: string, job: (log: (line: string) => void) => Promise<void>): void {
  const log = (line: string) => {
    console.log(`[${name}] ${line}`);
  };
  // Started inside a promise so that a synchronous throw (a missing variable) is reported the
  // same way as a failed step.
  Promise.resolve(log)
    .then(job)
    .then(
      () => {
        log("done");
      },
      (error: unknown) => {
        console.error(
          `[${name}] failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exitCode = 1;
      },
    );
}

/** Retries `attempt` until it resolves or `deadlineMs` has passed, waiting `delayMs` between tries. */
export async function retryUntil<T>(
  attempt: () => Promise<T>,
  options: { deadlineMs: number; delayMs: number; what: string },
): Promise<T> {
  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() + options.delayMs > deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `${options.what}: still failing after ${options.deadlineMs} ms: ${reason}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    }
  }
}
