import { performance } from "node:perf_hooks";
import { createBenchEvent, type Mint } from "./bench-tokens";
import type { BenchRow } from "./report";

const SAMPLES = 40;
const POLL_MS = 10;

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * Sign-up → the attendee's inbox row: POST /registrations, then GET /notifications every 10 ms
 * until the confirmation is there (outbox relay, Kafka, the notification consumer, its insert).
 */
export async function notifyScenario(gatewayUrl: string, mint: Mint): Promise<BenchRow> {
  const organizer = await mint(["attendee", "organizer"]);
  const event = await createBenchEvent(gatewayUrl, organizer, SAMPLES * 2);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; i < SAMPLES; i++) {
    const token = await mint(["attendee"]);
    const auth = { Authorization: `Bearer ${token}` };
    const t0 = performance.now();
    const res = await fetch(`${gatewayUrl}/api/v1/registrations`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: event.id }),
    });
    if (res.status !== 201) {
      failures++;
      continue;
    }
    const deadline = t0 + 30_000;
    for (;;) {
      const inbox = await fetch(`${gatewayUrl}/api/v1/notifications`, { headers: auth });
      const { items } = (await inbox.json()) as { items?: unknown[] };
      if (items && items.length > 0) {
        latencies.push(performance.now() - t0);
        break;
      }
      if (performance.now() > deadline) {
        failures++;
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    scenario: "Registration → notification stored (sign-up to inbox row, via gateway)",
    unit: "sign-ups/s",
    measured: {
      perSecond: latencies.length / elapsedS,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      failures,
    },
    concurrency: 1,
    durationS: Math.round(elapsedS),
    note:
      `${SAMPLES} sign-ups one after another, each timed from the POST to the first inbox read ` +
      `that shows the confirmation (polled every ${POLL_MS} ms); end-to-end latency, no ceiling.`,
  };
}
