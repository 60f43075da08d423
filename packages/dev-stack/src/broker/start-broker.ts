import { spawn } from "node:child_process";
import { readTopicList, withDeadLetterTopics, type TopicSpec } from "@turnout/provisioning";
import { ensureBrokerBinary } from "./build";
import { keepStderrTail, waitForBootstrap, watchExit } from "./broker-process";
import type { BrokerExit } from "./broker-process";

export type { BrokerExit } from "./broker-process";

export interface StartBrokerOptions {
  /** Brokers in the mock cluster (1..32); default 1. */
  brokerCount?: number;
  /** Topics to pre-create; default: `infra/kafka/topics.json`. Each also gets `<name>.dlq`. */
  topics?: readonly TopicSpec[];
  /** Added to `topics` (a test's own topics), with their `.dlq` as well. */
  extraTopics?: readonly TopicSpec[];
  /** How long to wait for the bootstrap address; default 10 000 ms. */
  startTimeoutMs?: number;
}

export interface DevBroker {
  /** Bootstrap list for clients, e.g. "127.0.0.1:39113,127.0.0.1:40021". */
  brokers: string;
  pid: number;
  /** Every topic created, dead-letter topics included. */
  topics: TopicSpec[];
  /** Settles when the broker process has exited, whether stopped or crashed. */
  exited: Promise<BrokerExit>;
  /** Takes every broker offline (connections dropped, new ones refused) or back, same addresses. */
  setAvailable(available: boolean): Promise<void>;
  /** Terminates the broker; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const killGraceMs = 5000;

/**
 * Starts librdkafka's mock cluster as a child process (compiled on first use), with every topic
 * and its `.dlq` pre-created: the mock auto-creates any topic a client merely asks about with 4
 * partitions, so the real partition counts must exist before the first client connects.
 * The broker exits by itself when this process dies (it watches its stdin).
 */
export async function startBroker(options: StartBrokerOptions = {}): Promise<DevBroker> {
  // Generous: on a loaded 2-core machine several platforms may start at once (CI runs two).
  const { brokerCount = 1, startTimeoutMs = 60_000 } = options;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 32) {
    throw new Error(`brokerCount must be an integer 1..32, got ${String(brokerCount)}`);
  }
  const topics = withDeadLetterTopics([
    ...(options.topics ?? readTopicList()),
    ...(options.extraTopics ?? []),
  ]);
  const binary = await ensureBrokerBinary();
  const args = [
    "--brokers",
    String(brokerCount),
    ...topics.map((t) => `${t.name}:${t.partitions}`),
  ];
  // Its own process group: a Ctrl-C reaches the runner, which stops the broker after the services.
  const child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"], detached: true });
  // The open pipe is the lifeline (and carries outage commands). EPIPE after a crash is not news.
  child.stdin.on("error", () => undefined);
  const stderrTail = keepStderrTail(child);
  const exited = watchExit(child);
  exited.catch(() => undefined); // a spawn failure is reported by waitForBootstrap below

  let brokers: string;
  try {
    brokers = await waitForBootstrap(child, exited, startTimeoutMs, stderrTail);
  } catch (error) {
    child.kill("SIGKILL");
    await exited.catch(() => undefined);
    throw error;
  }

  const setAvailable = (available: boolean): Promise<void> => {
    const command = available ? "up" : "down";
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer | string): void => {
        if (!String(chunk).includes(`ok ${command}`)) return;
        child.stdout.off("data", onData);
        resolve();
      };
      child.stdout.on("data", onData);
      child.stdin.write(`${command}\n`, (error) => {
        if (error) reject(error);
      });
    });
  };

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), killGraceMs);
      await exited.finally(() => {
        clearTimeout(force);
      });
    }
  };
  return {
    brokers,
    pid: child.pid ?? -1,
    topics,
    exited,
    setAvailable,
    stop: () => (stopping ??= stop()),
  };
}
