/** Wrong arguments: the command prints the message and its usage, and exits with 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Runs `parseArgs` (or any parsing) so its mistakes (unknown option, missing value) become
 * UsageErrors, which every command reports the same way.
 */
export function asUsageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`--limit must be a positive integer, not "${text}"`);
  return Number(text);
}

/**
 * Ctrl-C asks the command to stop cleanly (leave the consumer group, flush what is in flight);
 * a second Ctrl-C gives up waiting.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once("SIGINT", () => {
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  });
  process.once("SIGTERM", () => {
    controller.abort();
  });
  return controller.signal;
}

/** Runs a command's main: errors become one line on stderr and a non-zero exit code. */
export function runCommand(usage: string, main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${usage}`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
