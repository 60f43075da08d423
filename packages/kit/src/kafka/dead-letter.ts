import { DLQ_HEADERS } from "@turnout/contracts";
import type { KafkaMessage, Producer } from "kafkajs";

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
          [DLQ_HEADERS.error]: reason.slice(0, 2000),
          [DLQ_HEADERS.attempts]: String(letter.attempts),
          [DLQ_HEADERS.originalTopic]: letter.topic,
          [DLQ_HEADERS.originalPartition]: String(letter.partition),
          [DLQ_HEADERS.originalOffset]: letter.message.offset,
          [DLQ_HEADERS.consumerGroup]: letter.groupId,
        },
      },
    ],
  });
}
