import type { RunnerState } from "../src/local/runner-state";
import { ConnectionError, resolveKafkaBrokers, resolveVault } from "../src/ops/connections";
import { formatDuration, parseDuration } from "@turnout/provisioning";
import { isInternalEvent, maskTokenLikeFields, MASK } from "../src/ops/mask-secrets";
import { replayHeaders, REPLAYED_FROM_HEADER } from "../src/ops/replay-dead-letters";

const state: RunnerState = {
  gatewayUrl: "http://127.0.0.1:8080",
  database: { adminUrl: "postgres://local" },
  kafka: { brokers: ["127.0.0.1:39092"] },
  services: {},
  vault: { addr: "http://127.0.0.1:38200", token: "local-token" },
};
const running = () => state;
const stopped = () => undefined;

describe("connections", () => {
  test("the environment wins over the local platform", () => {
    const env = { KAFKA_BROKERS: "a:9092, b:9092", VAULT_ADDR: "https://vault", VAULT_TOKEN: "t" };
    expect(resolveKafkaBrokers(env, running)).toEqual({
      value: ["a:9092", "b:9092"],
      source: "environment",
    });
    expect(resolveVault(env, running)).toEqual({
      value: { addr: "https://vault", token: "t" },
      source: "environment",
    });
  });

  test("the running local platform is used when the environment says nothing", () => {
    expect(resolveKafkaBrokers({}, running)).toEqual({
      value: ["127.0.0.1:39092"],
      source: "local platform",
    });
    expect(resolveVault({}, running).value).toEqual(state.vault);
  });

  test("with neither, the error says what to set", () => {
    expect(() => resolveKafkaBrokers({}, stopped)).toThrow(ConnectionError);
    expect(() => resolveKafkaBrokers({}, stopped)).toThrow(/set KAFKA_BROKERS/);
    expect(() => resolveVault({}, stopped)).toThrow(/set VAULT_ADDR and VAULT_TOKEN/);
  });

  test("half a Vault configuration is an error, not a fall-back to the local platform", () => {
    expect(() => resolveVault({ VAULT_ADDR: "https://vault" }, running)).toThrow(
      /VAULT_TOKEN is not/,
    );
    expect(() => resolveVault({ VAULT_TOKEN: "t" }, running)).toThrow(/VAULT_ADDR is not/);
  });
});

test("durations", () => {
  expect(parseDuration("15m")).toBe(900_000);
  expect(parseDuration("1h30m")).toBe(5_400_000);
  expect(parseDuration("90s")).toBe(90_000);
  expect(parseDuration("900")).toBe(900_000);
  expect(() => parseDuration("15 minutes")).toThrow(/not a duration/);
  expect(() => parseDuration("")).toThrow(/not a duration/);
  expect(formatDuration(14 * 60_000 + 5_000)).toBe("14m 5s");
  expect(formatDuration(0)).toBe("0s");
});

test("internal topics come from the contracts, .dlq included", () => {
  // No event is internal today; the public ones must not be masked.
  expect(isInternalEvent("user-registered")).toBe(false);
  expect(isInternalEvent("user-registered.dlq", "turnout.user.registered.v1")).toBe(false);
  expect(
    maskTokenLikeFields({ a: { refresh_token: "x", list: [{ password: "p" }] }, ok: 1 }),
  ).toEqual({ a: { refresh_token: MASK, list: [{ password: MASK }] }, ok: 1 });
});

test("replayed headers drop x-dlq-* and say where they came from", () => {
  const headers = replayHeaders(
    {
      "ce-type": "t",
      "x-request-id": "r",
      "x-dlq-error": "e",
      "X-DLQ-Attempts": "5",
      [REPLAYED_FROM_HEADER]: "older@0:1",
    },
    "x.dlq@2:7",
  );
  expect(headers).toEqual({
    "ce-type": "t",
    "x-request-id": "r",
    [REPLAYED_FROM_HEADER]: "x.dlq@2:7",
  });
});
