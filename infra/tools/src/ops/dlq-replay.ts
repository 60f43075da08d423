import { parseArgs } from "node:util";
import { asUsageErrors, interruptSignal, parseLimit, runCommand, UsageError } from "./cli";
import { resolveKafkaBrokers } from "./connections";
import { createOpsKafka } from "./ops-kafka";
import {
  describeSummary,
  REPLAYED_FROM_HEADER,
  replayDeadLetters,
  replayGroupId,
} from "./replay-dead-letters";

export const USAGE = `Usage: npm run dlq:replay -- <topic> [--dry-run] [--limit N]

Republishes the dead letters of <topic>.dlq to <topic>: the original key and value, the
original headers without the x-dlq-* ones, plus ${REPLAYED_FROM_HEADER}: <topic>.dlq@<partition>:<offset>.
Progress is committed to the consumer group ${replayGroupId("<topic>")} after each message
has been acknowledged, so the next replay resumes where this one stopped. It stops when the
dead-letter topic is drained (up to its end when the replay started), at --limit, or on Ctrl-C.

Replaying is safe: consumers record every event id and apply each event once, so a message
that had in fact been applied (or is replayed twice) changes nothing. A message that fails
again goes back to <topic>.dlq, after the point this replay stops at.

Options:
  --dry-run   print what would be replayed; produce and commit nothing
  --limit N   replay at most N messages
  -h, --help

Kafka: KAFKA_BROKERS (comma-separated), else the local platform (npm start).
`;

export interface DlqReplayArgs {
  topic: string;
  dryRun: boolean;
  limit: number | undefined;
  help: boolean;
}

export function parseDlqReplayArgs(argv: string[]): DlqReplayArgs {
  const { values, positionals } = asUsageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        "dry-run": { type: "boolean", default: false },
        limit: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
    }),
  );
  const args = {
    topic: positionals[0] ?? "",
    dryRun: values["dry-run"],
    limit: parseLimit(values.limit),
    help: values.help,
  };
  if (args.help) return args;
  if (positionals.length !== 1)
    throw new UsageError("give exactly one topic (the original, not its .dlq)");
  if (args.topic.endsWith(".dlq")) {
    throw new UsageError(`give the original topic: ${args.topic.slice(0, -4)}, not ${args.topic}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseDlqReplayArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const brokers = resolveKafkaBrokers();
  process.stderr.write(`Kafka ${brokers.value.join(",")} (from the ${brokers.source})\n`);
  const summary = await replayDeadLetters({
    kafka: createOpsKafka(brokers.value, "turnout-dlq-replay"),
    topic: args.topic,
    out: process.stdout,
    dryRun: args.dryRun,
    limit: args.limit,
    signal: interruptSignal(),
  });
  process.stdout.write(describeSummary(summary));
  return summary.stoppedBy === "idle" ? 1 : 0;
}

if (require.main === module) runCommand(USAGE, main);
