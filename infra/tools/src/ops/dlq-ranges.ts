import type { Admin } from "kafkajs";

export interface PartitionRange {
  /** Next offset to replay. */
  next: bigint;
  /** The high watermark at start: the replay stops there, whatever arrives meanwhile. */
  end: bigint;
}

/**
 * Where each partition of the dead-letter topic stands: from the replay group's committed
 * offset (or the oldest retained message) to the high watermark now. Stopping at today's end,
 * not at "no more messages", matters: a replayed message that fails again lands back in the
 * dead-letter topic, and chasing it would loop for ever.
 */
export async function planRanges(
  admin: Admin,
  dlq: string,
  groupId: string,
): Promise<Map<number, PartitionRange>> {
  const watermarks = await admin.fetchTopicOffsets(dlq);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [dlq] });
  const ranges = new Map<number, PartitionRange>();
  for (const { partition, low, high } of watermarks) {
    const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? "-1";
    const start = BigInt(offset) >= 0n ? BigInt(offset) : BigInt(low);
    ranges.set(partition, { next: start > BigInt(low) ? start : BigInt(low), end: BigInt(high) });
  }
  return ranges;
}

export async function assertTopicsExist(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) throw new Error(`no such topic: ${missing.join(", ")}`);
}

export const remainingIn = (ranges: Map<number, PartitionRange>): number =>
  [...ranges.values()].reduce(
    (sum, { next, end }) => sum + (end > next ? Number(end - next) : 0),
    0,
  );
