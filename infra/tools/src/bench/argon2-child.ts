// Child process of the login ceiling and the allocator probe: argon2id verify of one hash,
// `concurrency` always in flight for `durationMs`, then one JSON line with the rate, the
// latencies and this process's peak RSS (VmHWM). Run in a process of its own so that it gets the
// same environment (glibc allocator settings, libuv pool size) as the auth service.
import { readFileSync } from "node:fs";
import { verify } from "@node-rs/argon2";
import { closedLoop } from "./closed-loop";

async function main(): Promise<void> {
  const { hash, password, concurrency, durationMs } = JSON.parse(
    process.env.TURNOUT_ARGON2_PROBE ?? "{}",
  ) as { hash: string; password: string; concurrency: number; durationMs: number };
  const op = async () => {
    if (!(await verify(hash, password))) throw new Error("argon2 verify failed");
  };
  await closedLoop(op, { concurrency, durationMs: Math.min(1000, durationMs) }); // warm-up
  const result = await closedLoop(op, { concurrency, durationMs });
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  process.stdout.write(JSON.stringify({ ...result, peakRssMiB: Number(hwm) / 1024 }) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
