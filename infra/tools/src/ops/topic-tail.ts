import { parseArgs } from "node:util";
import { asUsageErrors, interruptSignal, parseLimit, runCommand, UsageError } from "./cli";
import { resolveKafkaBrokers } from "./connections";
import { createOpsKafka } from "./ops-kafka";
import { tailTopic } from "./tail-topic";

export const USAGE = `Usage: npm run topic:tail -- <topic> [--from-beginning] [--limit N] [--json]

Prints the messages of <topic> as they arrive: time, partition/offset, key, ce-type,
x-request-id, the x-dlq-* headers when present, and the event's data. Uses a throw-away
consumer group that never commits, so no real group's offsets move. Events of internal
topics are shown with token-like fields masked. Stops on Ctrl-C or after --limit.

Options:
  --from-beginning   start at the oldest retained message (default: only new ones)
  --limit N          stop after N messages
  --json             one JSON object per line (for jq)
  -h, --help

Kafka: KAFKA_BROKERS (comma-separated), else the local platform (npm start).
`;

export interface TopicTailArgs {
  topic: string;
  fromBeginning: boolean;
  limit: number | undefined;
  json: boolean;
  help: boolean;
}

export function parseTopicTailArgs(argv: string[]): TopicTailArgs {
  const { values, positionals } = asUsageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        "from-beginning": { type: "boolean", default: false },
        limit: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
    }),
  );
  const args = {
    topic: positionals[0] ?? "",
    fromBeginning: values["from-beginning"],
    limit: parseLimit(values.limit),
    json: values.json,
    help: values.help,
  };
  if (args.help) return args;
  if (positionals.length !== 1) throw new UsageError("give exactly one topic");
  return args;
}

async function main(): Promise<number> {
  const args = parseTopicTailArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const brokers = resolveKafkaBrokers();
  process.stderr.write(
    `tailing ${args.topic} on ${brokers.value.join(",")} (from the ${brokers.source})` +
      `${args.fromBeginning ? " from the beginning" : ""}; Ctrl-C to stop\n`,
  );
  const result = await tailTopic({
    kafka: createOpsKafka(brokers.value, "turnout-topic-tail"),
    topic: args.topic,
    out: process.stdout,
    fromBeginning: args.fromBeginning,
    limit: args.limit,
    json: args.json,
    signal: interruptSignal(),
  });
  process.stderr.write(`${result.printed} message(s)\n`);
  return 0;
}

if (require.main === module) runCommand(USAGE, main);
