import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { repoRoot } from "@turnout/provisioning";

/**
 * What a running `npm start` publishes for the ops commands (key rotation, topic tail,
 * dead-letter replay), so they work against the local platform with no configuration.
 * Environment variables (KAFKA_BROKERS, VAULT_ADDR + VAULT_TOKEN) always win over it.
 */
export const runnerState = z.object({
  gatewayUrl: z.string(),
  database: z.object({ adminUrl: z.string() }),
  kafka: z.object({ brokers: z.array(z.string()) }),
  /** Service name → base URL, for commands that talk to a service directly (the demo seed). */
  services: z.record(z.string(), z.string()).default({}),
  vault: z.object({ addr: z.string(), token: z.string() }),
});
export type RunnerState = z.infer<typeof runnerState>;

/** The runner's data (database, Vault, passwords, logs); `TURNOUT_HOME` moves it (tests). */
export const localDir = (): string =>
  process.env.TURNOUT_HOME ?? join(repoRoot(), ".turnout", "local");
const statePath = (): string => join(localDir(), "state.json");

export function writeRunnerState(state: RunnerState): void {
  mkdirSync(dirname(statePath()), { recursive: true });
  writeFileSync(statePath(), JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
}

export function readRunnerState(): RunnerState | undefined {
  try {
    return runnerState.parse(JSON.parse(readFileSync(statePath(), "utf8")));
  } catch {
    return undefined;
  }
}

export function clearRunnerState(): void {
  rmSync(statePath(), { force: true });
}
