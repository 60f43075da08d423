import type { z } from "zod";
import { cloudEventSchema } from "./envelope";

/** What every event's `data` is: a JSON object (loose, so added fields reach old consumers). */
export type EventDataSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface EventDefinitionInput<TType extends string, TData extends EventDataSchema> {
  /** CloudEvents `type`, `turnout.<aggregate>.<verb>.v<N>`. */
  readonly type: TType;
  readonly topic: string;
  /** The `<N>` of the type, repeated as a number so code can compare versions. */
  readonly version: number;
  readonly title: string;
  readonly description: string;
  /** The one service that publishes this type (through its outbox). */
  readonly producer: string;
  /** Services known to consume it; documentation only. */
  readonly consumers: readonly string[];
  /** The `data` field holding the aggregate id: the envelope's `subject` and the Kafka key. */
  readonly subjectField: keyof z.input<TData> & string;
  readonly data: TData;
  /** Carries single-use secrets: documented only in the internal catalogue, never logged. */
  readonly internal?: boolean;
  /** A complete, valid envelope; tests parse it and the catalogue shows it. */
  readonly example: z.input<ReturnType<typeof cloudEventSchema<TType, TData>>>;
}

export interface EventDefinition<
  TType extends string = string,
  TData extends EventDataSchema = EventDataSchema,
> extends EventDefinitionInput<TType, TData> {
  /** The envelope schema of this type, with `subject` checked against `data`. */
  readonly envelope: ReturnType<typeof cloudEventSchema<TType, TData>>;
}

export type AnyEventDefinition = EventDefinition;

/** Parsed envelope of definition `D`. */
export type EventOf<D extends AnyEventDefinition> = z.output<D["envelope"]>;
/** Parsed `data` of definition `D`. */
export type EventDataOf<D extends AnyEventDefinition> = z.output<D["data"]>;
/** `data` as a producer may write it (fields with defaults may be left out). */
export type EventDataInputOf<D extends AnyEventDefinition> = z.input<D["data"]>;

export function defineEvent<TType extends string, TData extends EventDataSchema>(
  input: EventDefinitionInput<TType, TData>,
): EventDefinition<TType, TData> {
  const { subjectField } = input;
  // The key decides the partition, so a subject that is not the aggregate id would silently
  // break per-aggregate ordering; reject it on both sides of the wire.
  const envelope = cloudEventSchema(input.type, input.data).superRefine((event, ctx) => {
    const data = event.data as Record<string, unknown>;
    if (data[subjectField] !== event.subject) {
      ctx.addIssue({
        code: "custom",
        path: ["subject"],
        message: `subject must equal data.${subjectField}`,
        input: event.subject,
      });
    }
  });
  return { ...input, envelope };
}
