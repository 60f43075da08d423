import type { Sql } from "./sql";

/** What a consumer does with one event type. */
export interface EventHandler {
  /** CloudEvents `type`, e.g. `turnout.user.registered.v1`. */
  type: string;
  /**
   * Validates the raw envelope once and returns the work to do in a transaction. Throwing here
   * means the event can never be applied: it goes to the dead-letter topic without retries.
   */
  prepare(raw: unknown): (tx: Sql) => Promise<void>;
}

/** Binds a parser (usually the contracts package's `parseEvent`) to a typed handler. */
export function onEvent<T>(
  type: string,
  parse: (raw: unknown) => T,
  handle: (event: T, tx: Sql) => Promise<void>,
): EventHandler {
  return {
    type,
    prepare(raw) {
      const event = parse(raw);
      return (tx) => handle(event, tx);
    },
  };
}
