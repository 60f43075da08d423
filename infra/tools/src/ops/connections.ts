import type { VaultConnection } from "@turnout/provisioning";
import { readRunnerState, type RunnerState } from "../local/runner-state";

/** What the commands were pointed at, and where that came from (printed, so nobody guesses). */
export interface Resolved<T> {
  value: T;
  source: "environment" | "local platform";
}

/** Nothing says where Kafka or Vault is: the message tells the operator what to set. */
export class ConnectionError extends Error {
  override name = "ConnectionError";
}

type ReadState = () => RunnerState | undefined;

/** `KAFKA_BROKERS` (comma-separated host:port), else the running `npm start` platform. */
export function resolveKafkaBrokers(
  env: NodeJS.ProcessEnv = process.env,
  readState: ReadState = readRunnerState,
): Resolved<string[]> {
  const fromEnv = (env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "");
  if (fromEnv.length > 0) return { value: fromEnv, source: "environment" };
  const state = readState();
  if (state && state.kafka.brokers.length > 0) {
    return { value: state.kafka.brokers, source: "local platform" };
  }
  throw new ConnectionError(
    "no Kafka brokers: set KAFKA_BROKERS (e.g. KAFKA_BROKERS=kafka-1:9092,kafka-2:9092), " +
      "or start the local platform with `npm start`",
  );
}

/** `VAULT_ADDR` + `VAULT_TOKEN`, else the running `npm start` platform. */
export function resolveVault(
  env: NodeJS.ProcessEnv = process.env,
  readState: ReadState = readRunnerState,
): Resolved<VaultConnection> {
  const addr = env.VAULT_ADDR?.trim() ?? "";
  const token = env.VAULT_TOKEN?.trim() ?? "";
  if (addr !== "" && token !== "") return { value: { addr, token }, source: "environment" };
  // Half a configuration is a mistake; silently falling back to the local platform would
  // rotate the keys of a Vault the operator did not mean.
  if (addr !== "" || token !== "") {
    throw new ConnectionError(
      `${addr === "" ? "VAULT_TOKEN" : "VAULT_ADDR"} is set but ${addr === "" ? "VAULT_ADDR" : "VAULT_TOKEN"} is not: set both`,
    );
  }
  const state = readState();
  if (state) return { value: state.vault, source: "local platform" };
  throw new ConnectionError(
    "no Vault: set VAULT_ADDR and VAULT_TOKEN (a token with the turnout-ops policy), " +
      "or start the local platform with `npm start`",
  );
}
