import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line and outgoing Kafka message of one unit of work carries. */
export interface RequestContext {
  requestId: string;
  /** W3C trace context of the caller, forwarded unchanged. */
  traceparent?: string;
  /** Set by the auth middleware once the caller is known. */
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with `ctx` as the current context. HTTP requests get one from the request-id
 * middleware; Kafka consumers restore one from message headers.
 */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  // A copy, so a later `updateContext` cannot reach back into the caller's object.
  return storage.run({ ...ctx }, fn);
}

export function getContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Adds facts learnt mid-request (the authenticated user) to the current context. The
 * request id is fixed for the life of the context. No-op outside a context.
 */
export function updateContext(patch: Partial<Omit<RequestContext, "requestId">>): void {
  const current = storage.getStore();
  if (current) Object.assign(current, patch);
}
