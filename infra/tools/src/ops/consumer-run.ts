import type { Consumer } from "kafkajs";

/**
 * How a command's consumer loop ends: it decides itself (limit reached, drained), the operator
 * interrupts, or kafkajs gives up (a crash it will not restart from).
 */
export interface RunEnd<R extends string> {
  /** Resolves with the reason the loop ended, or rejects with the crash. */
  ended: Promise<R | "interrupted">;
  finish(reason: R): void;
  fail(error: unknown): void;
  readonly done: boolean;
}

export function watchRun<R extends string>(consumer: Consumer, signal?: AbortSignal): RunEnd<R> {
  let settle!: (reason: R | "interrupted") => void;
  let reject!: (error: unknown) => void;
  let done = false;
  const ended = new Promise<R | "interrupted">((resolve, fail) => {
    settle = resolve;
    reject = fail;
  });
  const end = {
    ended,
    finish(reason: R | "interrupted") {
      if (done) return;
      done = true;
      settle(reason);
    },
    fail(error: unknown) {
      if (done) return;
      done = true;
      reject(error);
    },
    get done() {
      return done;
    },
  };
  if (signal?.aborted) end.finish("interrupted");
  signal?.addEventListener(
    "abort",
    () => {
      end.finish("interrupted");
    },
    { once: true },
  );
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) end.fail(event.payload.error);
  });
  return end;
}
