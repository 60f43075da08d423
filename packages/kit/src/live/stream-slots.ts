/**
 * How many live streams each user holds on this replica, capped per user and (optionally) in
 * all. A slot is taken before the stream does any work (synchronously, so concurrent requests
 * cannot all pass the check) and given back when the stream closes.
 */
export interface StreamSlots {
  /** A slot for `userId`, or undefined when they (or the replica) already hold the maximum. */
  take(userId: string): (() => void) | undefined;
  /** Streams `userId` holds now. */
  held(userId: string): number;
  /** Streams open on this replica now. */
  total(): number;
}

export function createStreamSlots(maxPerUser: number, maxTotal = Infinity): StreamSlots {
  const counts = new Map<string, number>();
  let total = 0;
  return {
    take(userId) {
      const held = counts.get(userId) ?? 0;
      if (held >= maxPerUser || total >= maxTotal) return undefined;
      counts.set(userId, held + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (counts.get(userId) ?? 1) - 1;
        if (left <= 0) counts.delete(userId);
        else counts.set(userId, left);
      };
    },
    held: (userId) => counts.get(userId) ?? 0,
    total: () => total,
  };
}
