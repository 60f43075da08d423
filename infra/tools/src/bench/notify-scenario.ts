import { Kafka, logLevel } from "kafkajs";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { TOPICS } from "@turnout/contracts";
import { createBenchEvent, type Mint } from "./bench-tokens";
import type { BenchRow } from "./report";
import { median, percentile } from "./rounds";

const SAMPLES = 200;
const WARM_UP = 10;
const POLL_MS = 5;

interface Sample {
  registrationId: string;
  /** Wall-clock ms when the POST was sent. */
  sentAt: number;
  /** Wall-clock ms of the notification's `created_at` (its insert). */
  storedAt: number;
  /** Wall-clock ms when the poll first saw it. */
  seenAt: number;
}

export interface NotifyStages {
  /** POST → the message's timestamp on Kafka: the registration, its outbox row and the relay. */
  toKafka: number[];
  /** Kafka → the notification's insert: the consumer's fetch (wait included) and its handler. */
  kafkaToStored: number[];
}

async function oneSample(gatewayUrl: string, mint: Mint, eventId: string): Promise<Sample> {
  const auth = { Authorization: `Bearer ${await mint(["attendee"])}` };
  const sentAt = Date.now();
  const t0 = performance.now();
  const res = await fetch(`${gatewayUrl}/api/v1/registrations`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ event_id: eventId }),
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const inbox = await fetch(`${gatewayUrl}/api/v1/notifications`, { headers: auth });
    const { items } = (await inbox.json()) as { items?: { created_at: string }[] };
    const first = items?.[0];
    if (first) {
      const seenAt = sentAt + (performance.now() - t0);
      return { registrationId: id, sentAt, storedAt: Date.parse(first.created_at), seenAt };
    }
    if (performance.now() - t0 > 30_000) throw new Error("no notification within 30 s");
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Each sample's registration-confirmed message timestamp (CreateTime, set by the relay). */
async function kafkaTimes(brokers: string[], ids: Set<string>): Promise<Map<string, number>> {
  const kafka = new Kafka({ clientId: "bench-notify", brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: `bench-notify-${randomUUID()}`,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  const found = new Map<string, number>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPICS.registrationConfirmed, fromBeginning: true });
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString("utf8") ?? "";
        for (const id of ids) {
          if (!found.has(id) && value.includes(id)) found.set(id, Number(message.timestamp));
        }
        if (found.size === ids.size) done();
        await Promise.resolve();
      },
    });
    await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
  } finally {
    await consumer.disconnect();
  }
  return found;
}

/**
 * Sign-up → the attendee's inbox row, 200 sign-ups one after another after 10 unmeasured ones:
 * POST /registrations, then GET /notifications every 5 ms until the confirmation is there.
 * Each sample is split at the message's Kafka timestamp, which shows the consumer's fetch wait.
 */
export async function notifyScenario(
  gatewayUrl: string,
  brokers: string[],
  mint: Mint,
  consumerMaxWaitMs: number,
): Promise<{ row: BenchRow; stages: NotifyStages }> {
  const organizer = await mint(["attendee", "organizer"]);
  const event = await createBenchEvent(gatewayUrl, organizer, SAMPLES + WARM_UP + 10);
  for (let i = 0; i < WARM_UP; i++) await oneSample(gatewayUrl, mint, event.id);
  const samples: Sample[] = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; i < SAMPLES; i++) {
    try {
      samples.push(await oneSample(gatewayUrl, mint, event.id));
    } catch {
      failures++;
    }
  }
  const elapsedS = (performance.now() - started) / 1000;
  const stamps = await kafkaTimes(brokers, new Set(samples.map((s) => s.registrationId)));
  const stages: NotifyStages = { toKafka: [], kafkaToStored: [] };
  for (const s of samples) {
    const at = stamps.get(s.registrationId);
    if (at === undefined) continue;
    stages.toKafka.push(at - s.sentAt);
    stages.kafkaToStored.push(s.storedAt - at);
  }
  const latencies = samples.map((s) => s.seenAt - s.sentAt).sort((a, b) => a - b);
  const fmt = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `p50 ${median(sorted).toFixed(0)} / p99 ${percentile(sorted, 0.99).toFixed(0)} ms`;
  };
  return {
    stages,
    row: {
      scenario: "Registration → notification stored (sign-up to inbox row, via gateway)",
      unit: "sign-ups/s",
      goal: "p99 ≤ 100 ms over ≥ 200",
      measured: {
        perSecond: latencies.length / elapsedS,
        p50Ms: median(latencies),
        p99Ms: percentile(latencies, 0.99),
        failures,
      },
      concurrency: 1,
      durationS: Math.round(elapsedS),
      note:
        `${SAMPLES} sign-ups one after another (after ${WARM_UP} unmeasured), each timed from the ` +
        `POST to the first inbox read that shows the confirmation (polled every ${POLL_MS} ms). ` +
        `Split at the message's Kafka timestamp (${stages.toKafka.length} matched): POST → on ` +
        `Kafka (registration, outbox, relay) ${fmt(stages.toKafka)}; Kafka → stored (consumer ` +
        `fetch and handler) ${fmt(stages.kafkaToStored)}. The development broker does not ` +
        `answer a waiting fetch when data arrives, so that second part includes up to the ` +
        `consumers' fetch wait (KAFKA_MAX_WAIT_MS = ${consumerMaxWaitMs} ms here); a real Kafka ` +
        "broker answers at once.",
    },
  };
}
