/**
 * At most `max` calls run at once; the rest wait their turn in order. A bulkhead in front of the
 * event service: a burst of sign-ups queues here, where waiting is cheap, instead of piling onto
 * the event service until its replies outlast the call timeout.
 */
export function concurrencyLimit(max: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
