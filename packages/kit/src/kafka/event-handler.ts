/**
 * What a consumer does with one event type. `R` is the service's repositories: the handler gets
 * them bound to the unit of work that also records the event as processed.
 */
export interface EventHandler<R> {
  /** CloudEvents `type`, e.g. `turnout.user.registered.v1`. */
  type: string;
  /**
   * Validates the raw envelope once and returns the work to do in a unit of work. Throwing here
   * means the event can never be applied: it goes to the dead-letter topic without retries.
   */
  prepare(raw: unknown): (tx: R) => Promise<void>;
}

/** Binds a parser (usually the contracts package's `parseEvent`) to a typed handler. */
export function onEvent<T, R>(
  type: string,
  parse: (raw: unknown) => T,
  handle: (event: T, tx: R) => Promise<void>,
): EventHandler<R> {
  return {
    type,
    prepare(raw) {
      const event = parse(raw);
      return (tx) => handle(event, tx);
    },
  };
}
