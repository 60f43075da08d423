import type { KafkaMessage, Producer } from "kafkajs";

export const DLQ_HEADER = {
  error: "x-dlq-error",
  attempts: "x-dlq-attempts",
  originalTopic: "x-dlq-original-topic",
  originalPartition: "x-dlq-original-partition",
  originalOffset: "x-dlq-original-offset",
  consumerGroup: "x-dlq-consumer-group",
} as const;

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  groupId: string;
  error: unknown;
  attempts: number;
}

/**
 * Parks a message that cannot be applied on `<topic>.dlq`, unchanged, with why in its headers,
 * so the partition keeps flowing and the message can be inspected and replayed.
 */
export async function sendToDeadLetterTopic(producer: Producer, letter: DeadLetter): Promise<void> {
  const reason = letter.error instanceof Error ? letter.error.message : String(letter.error);
  await producer.send({
    topic: `${letter.topic}.dlq`,
    acks: -1,
    messages: [
      {
        key: letter.message.key,
        value: letter.message.value,
        headers: {
          ...letter.message.headers,
          [DLQ_HEADER.error]: reason.slice(0, 2000),
          [DLQ_HEADER.attempts]: String(letter.attempts),
          [DLQ_HEADER.originalTopic]: letter.topic,
          [DLQ_HEADER.originalPartition]: String(letter.partition),
          [DLQ_HEADER.originalOffset]: letter.message.offset,
          [DLQ_HEADER.consumerGroup]: letter.groupId,
        },
      },
    ],
  });
}
