/**
 * How many live streams each user holds on this replica, capped. A slot is taken before the
 * stream does any work (synchronously, so concurrent requests cannot all pass the check) and
 * given back when the stream closes.
 */
export interface StreamSlots {
  /** A slot for `userId`, or undefined when they already hold the maximum. */
  take(userId: string): (() => void) | undefined;
  /** Streams `userId` holds now. */
  held(userId: string): number;
}

export function createStreamSlots(maxPerUser: number): StreamSlots {
  const counts = new Map<string, number>();
  return {
    take(userId) {
      const held = counts.get(userId) ?? 0;
      if (held >= maxPerUser) return undefined;
      counts.set(userId, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(userId) ?? 1) - 1;
        if (left <= 0) counts.delete(userId);
        else counts.set(userId, left);
      };
    },
    held: (userId) => counts.get(userId) ?? 0,
  };
}
