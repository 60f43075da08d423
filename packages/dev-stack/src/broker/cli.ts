// Runs the dev Kafka broker on its own: `npx tsx --conditions=source packages/dev-stack/src/broker/cli.ts`
// Prints KAFKA_BROKERS=... for a shell or another process to pick up; Ctrl-C stops it.
import { startBroker } from "./start-broker";

async function main(): Promise<void> {
  const brokerCount = Number(process.env.KAFKA_MOCK_BROKERS ?? "1");
  const broker = await startBroker({ brokerCount });
  process.stdout.write(`KAFKA_BROKERS=${broker.brokers}\n`);
  process.stderr.write(
    `topics: ${broker.topics.map((t) => `${t.name}(${t.partitions})`).join(" ")}\n`,
  );

  let stopping = false;
  const shutdown = (): void => {
    stopping = true;
    void broker.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  // A broker that dies on its own should not leave a CLI that looks healthy.
  void broker.exited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(`broker exited (code ${String(code)}, signal ${String(signal)})\n`);
    process.exit(code ?? 1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
