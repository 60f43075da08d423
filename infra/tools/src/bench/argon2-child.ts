// Child process of the login ceiling and the allocator probe: argon2id verify of one hash,
// `concurrency` always in flight for `durationMs`, then one JSON line with the rate, the
// latencies and this process's peak RSS (VmHWM). Run in a process of its own so that it gets the
// same environment (glibc allocator settings, libuv pool size) as the auth service. It also says
// how many verifies its warm-up did: they are in its CPU time too.
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
  const warmUp = await closedLoop(op, { concurrency, durationMs: Math.min(1000, durationMs) });
  const result = await closedLoop(op, { concurrency, durationMs });
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  const report = { ...result, warmUpCompleted: warmUp.completed, peakRssMiB: Number(hwm) / 1024 };
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
