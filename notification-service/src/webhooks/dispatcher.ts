import type { Logger } from "@turnout/kit";
import type { WebhookSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { AttemptRecord, ClaimedDelivery } from "../data/webhook-dispatch";
import type { FlowContext } from "../events/deliver";
import { tellEndpointDisabled } from "./disabled-notice";
import { retryDelay, type OutboundRequest, type OutboundResult } from "./outbound";
import type { SecretBox } from "./secret-box";

export interface WebhookDispatcher {
  start(): void;
  /** Looks for due deliveries now (an insert was announced) instead of at the next poll. */
  wake(): void;
  /** Lets the deliveries being sent finish, then stops. */
  stop(): Promise<void>;
}

/** Beyond the attempt's own timeout, before another replica may take a claimed delivery. */
const LEASE_MARGIN_MS = 30_000;

/**
 * The webhook loop of one replica: claims due deliveries (one statement, `SKIP LOCKED`, each the
 * oldest pending one of its endpoint and aggregate, `data/webhook-dispatch.ts`), sends up to
 * `concurrency` of them at once with no transaction open, and records each attempt: a 2xx
 * settles the delivery, anything else schedules the next retry or gives it up. An endpoint that
 * has failed for `disableAfterMs` is disabled and its owner told.
 *
 * A replica that dies mid-send leaves its deliveries leased; they are sent again (same
 * `webhook-id`) once the lease runs out: at least once.
 */
export function createWebhookDispatcher(options: {
  data: ServiceDatabase;
  sender: { send(request: OutboundRequest): Promise<OutboundResult> };
  secrets: SecretBox;
  settings: WebhookSettings;
  flow: FlowContext;
  logger: Logger;
}): WebhookDispatcher {
  const { data, sender, secrets, settings, logger } = options;
  const { webhookDispatch } = data.repos;
  const leaseMs = settings.timeoutMs + LEASE_MARGIN_MS;
  let running = false;
  const isRunning = () => running;
  let loop: Promise<void> = Promise.resolve();
  const inFlight = new Set<Promise<void>>();
  let wakeUp: (() => void) | undefined;

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function attempt(delivery: ClaimedDelivery, at: Date): Promise<OutboundResult> {
    let keys: string[];
    try {
      keys = [delivery.secretCiphertext, delivery.previousSecretCiphertext]
        .filter((sealed): sealed is string => sealed !== null)
        .map((sealed) => secrets.open(sealed, delivery.endpointId));
    } catch {
      return { ok: false, responseStatus: null, latencyMs: 0, error: null, responseExcerpt: null };
    }
    return sender.send({
      url: delivery.url,
      secrets: keys,
      messageId: delivery.eventId,
      timestamp: at,
      body: delivery.payload,
    });
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const at = new Date();
    const result = await attempt(delivery, at);
    const number = delivery.attempts + 1;
    const delay = result.ok ? null : retryDelay(settings.retrySchedule, number);
    const outcome: AttemptRecord["outcome"] = result.ok
      ? { status: "succeeded" }
      : delay === null
        ? { status: "failed" }
        : { status: "pending", retryInMs: delay };
    const record: AttemptRecord = {
      deliveryId: delivery.id,
      attempt: number,
      at,
      responseStatus: result.responseStatus,
      latencyMs: result.latencyMs,
      error: result.ok ? null : (result.error ?? "secret_unavailable"),
      responseExcerpt: result.responseExcerpt,
      outcome,
    };
    const meta = { delivery_id: delivery.id, endpoint_id: delivery.endpointId, attempt: number };
    if (result.ok) {
      await webhookDispatch.record(record);
      await webhookDispatch.endpointSucceeded(delivery.endpointId);
      logger.debug("webhook delivered", { ...meta, status: result.responseStatus });
      return;
    }
    logger.warn(outcome.status === "failed" ? "webhook given up" : "webhook not delivered", {
      ...meta,
      status: result.responseStatus,
      error: record.error,
    });
    // One unit of work: the next delivery of the aggregate becomes claimable only once the
    // endpoint is disabled, if it is to be.
    await data.transaction(async (tx) => {
      await tx.webhookDispatch.record(record);
      await tx.webhookDispatch.endpointFailed(delivery.endpointId, at);
      const disabled = await tx.webhookDispatch.disableIfFailing(
        delivery.endpointId,
        settings.disableAfterMs,
      );
      if (!disabled) return;
      const dropped = await tx.webhookDispatch.failPending(delivery.endpointId);
      await tellEndpointDisabled(tx, options.flow, {
        ...disabled,
        endpointId: delivery.endpointId,
      });
      logger.warn("webhook endpoint disabled: failing", {
        endpoint_id: delivery.endpointId,
        pending_failed: dropped,
      });
    });
  }

  function launch(delivery: ClaimedDelivery): void {
    const sending: Promise<void> = deliver(delivery)
      .catch((error: unknown) => {
        // The lease runs out and the delivery is tried again.
        logger.warn("webhook attempt not recorded", {
          delivery_id: delivery.id,
          error: String(error),
        });
      })
      .finally(() => {
        inFlight.delete(sending);
        wakeUp?.(); // a free slot, and maybe the next delivery of the same aggregate
      });
    inFlight.add(sending);
  }

  async function work(): Promise<void> {
    while (isRunning()) {
      const free = settings.concurrency - inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await webhookDispatch.claim(free, leaseMs);
        } catch (error) {
          logger.warn("webhook dispatcher could not reach the database", { error: String(error) });
        }
      }
      claimed.forEach(launch);
      if ((claimed.length === 0 || inFlight.size >= settings.concurrency) && isRunning()) {
        await nap(settings.pollMs);
      }
    }
    await Promise.all(inFlight);
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = work();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}
