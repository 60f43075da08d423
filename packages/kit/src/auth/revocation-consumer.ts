import { randomUUID } from "node:crypto";
import type { ConsumerConfig, Kafka } from "kafkajs";
import { parseEvent, sessionsRevokedV1, tokenRevokedV1 } from "@turnout/contracts";
import type { Logger } from "../logging/logger";
import type { RevocationList } from "./revocation-list";

export interface RevocationConsumerOptions {
  kafka: Kafka;
  logger: Logger;
  list: RevocationList;
  /** The service's name; the group id adds a random part so each instance has its own. */
  service: string;
  consumerConfig?: Partial<ConsumerConfig>;
  /** How long `start` waits for the group join before going on anyway; default 15 s. */
  joinTimeoutMs?: number;
}

export interface RevocationConsumer {
  readonly groupId: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A consumer group unique to this instance: a broadcast fact reaches every instance. */
export const revocationGroupId = (service: string): string =>
  `turnout-${service}-revocations-${randomUUID().slice(0, 8)}`;

/**
 * Applies one `token-revoked` message to the list: a single token (`turnout.token.revoked.v1`),
 * or every token of a subject issued before an instant (`turnout.user.sessions-revoked.v1`),
 * or, when that event names a `session_id`, every token of that one session before the instant.
 * Throws for a message that is neither.
 */
export function applyRevocation(list: RevocationList, raw: unknown): void {
  const type = (raw as { type?: unknown } | null)?.type;
  if (type === sessionsRevokedV1.type) {
    const { data } = parseEvent(sessionsRevokedV1, raw);
    const before = new Date(data.revoked_before);
    const expires = new Date(data.expires_at);
    if (data.session_id !== undefined) list.revokeSession(data.session_id, before, expires);
    else list.revokeSubject(data.user_id, before, expires);
    return;
  }
  const { data } = parseEvent(tokenRevokedV1, raw);
  list.revoke(data.jti, new Date(data.expires_at));
}

/**
 * Feeds the revocation list from `token-revoked` (both event types on it). A broadcast consumer: its group is unique to
 * the instance and it reads from the beginning, so a new instance learns the revocations of
 * tokens still alive. No PostgreSQL bookkeeping and no offset commits: applying a revocation
 * twice is harmless. A message that does not parse is logged and skipped (dead-lettering it
 * from every instance would multiply it).
 */
export function createRevocationConsumer(options: RevocationConsumerOptions): RevocationConsumer {
  const { logger, list } = options;
  const groupId = revocationGroupId(options.service);
  const consumer = options.kafka.consumer({ groupId, ...options.consumerConfig });
  const topic = tokenRevokedV1.topic;

  return {
    groupId,
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      let onJoin: () => void = () => undefined;
      const joined = new Promise<void>((resolve) => {
        onJoin = resolve;
      });
      const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => {
        onJoin();
      });
      await consumer.run({
        autoCommit: false,
        // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs wants a promise
        eachMessage: async ({ message, partition }) => {
          try {
            applyRevocation(list, JSON.parse(message.value?.toString("utf8") ?? "null"));
          } catch (error) {
            logger.warn("unreadable token-revoked message skipped", {
              topic,
              partition,
              offset: message.offset,
              error: String(error),
            });
          }
        },
      });
      // Serving before the group has joined would open a window in which a revoked token
      // still works here; wait for the join (bounded, so a slow broker cannot block start-up).
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(true);
        }, options.joinTimeoutMs ?? 15_000);
      });
      const late = await Promise.race([joined.then(() => false), timedOut]);
      clearTimeout(timer);
      removeListener();
      if (late) logger.warn("revocation consumer has not joined its group yet", { groupId });
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}
