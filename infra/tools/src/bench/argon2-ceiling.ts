import { spawn } from "node:child_process";
import { join } from "node:path";
import { hash } from "@node-rs/argon2";
import { z } from "zod";

/** auth-service/src/domain/passwords.ts: OWASP argon2id minimum (19 MiB, t=2, p=1). */
export const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const probeResult = z.object({
  completed: z.number(),
  warmUpCompleted: z.number(),
  errors: z.number(),
  perSecond: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  peakRssMiB: z.number(),
});
export type Argon2Probe = z.infer<typeof probeResult>;

export const hashOf = (password: string) => hash(password, ARGON2ID);

/**
 * argon2id verify at `concurrency` for `durationMs` in a child process with `env` added to this
 * one's (the auth service's allocator settings, for an equal comparison).
 */
export async function argon2InChild(
  options: { hash: string; password: string; concurrency: number; durationMs: number },
  env: Record<string, string>,
): Promise<Argon2Probe> {
  const entry = join(__dirname, "argon2-child.ts");
  const child = spawn(process.execPath, [...process.execArgv, entry], {
    env: { ...process.env, ...env, TURNOUT_ARGON2_PROBE: JSON.stringify(options) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`argon2 probe exited with ${code}`);
  return probeResult.parse(JSON.parse(out.trim()));
}
