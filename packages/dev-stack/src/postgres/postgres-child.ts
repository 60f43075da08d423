// Child process that owns one PostgreSQL server (see start-postgres.ts for why).
import { startEmbeddedPostgres, type StartPostgresOptions } from "./embedded-server";

async function main(): Promise<void> {
  const options = JSON.parse(process.env.TURNOUT_PG_OPTIONS ?? "{}") as StartPostgresOptions;
  delete process.env.TURNOUT_PG_OPTIONS;
  const server = await startEmbeddedPostgres(options);
  process.stdout.write(JSON.stringify({ adminUrl: server.adminUrl, port: server.port }) + "\n");
  // The parent closes stdin when it stops us or when it dies, however it dies.
  process.stdin.resume();
  process.stdin.on("end", () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
