import { z } from "zod";
import { ConfigError, loadConfig, nonEmptyString, port, serviceConfig } from "../src";

const validEnv = {
  PORT: "4001",
  DATABASE_URL: "postgres://turnout_auth:s3cret-db-pass@127.0.0.1:5432/turnout",
  DATABASE_SCHEMA: "auth",
  KAFKA_BROKERS: "127.0.0.1:9092, kafka-2:9093",
  VAULT_ADDR: "http://127.0.0.1:8200",
  VAULT_TOKEN: "hvs.dev-token",
  UNRELATED: "ignored",
};

const schema = serviceConfig({ ISSUER: nonEmptyString() });

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected loadConfig to throw");
};

describe("loadConfig", () => {
  test("parses, converts and freezes a valid environment", () => {
    const config = loadConfig(schema, { ...validEnv, ISSUER: "https://turnout.dev" });

    expect(config).toMatchObject({
      PORT: 4001,
      LOG_LEVEL: "info",
      DATABASE_SCHEMA: "auth",
      KAFKA_BROKERS: ["127.0.0.1:9092", "kafka-2:9093"],
      SHUTDOWN_TIMEOUT_MS: 10_000,
      BODY_LIMIT: 100 * 1024,
      ISSUER: "https://turnout.dev",
    });
    expect(config).not.toHaveProperty("UNRELATED");
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
  });

  test("lists every bad variable in one error and never prints a value", () => {
    const env = {
      PORT: "99999",
      LOG_LEVEL: "loud",
      DATABASE_URL: "mysql://root:top-secret-pw@db/turnout",
      DATABASE_SCHEMA: "Auth; DROP",
      KAFKA_BROKERS: "no-port-here",
      VAULT_ADDR: "vault.local",
      VAULT_ROLE_ID: "role-id-value",
      SHUTDOWN_TIMEOUT_MS: "soon",
      BODY_LIMIT: "huge",
    };
    const error = errorOf(() => loadConfig(schema, env));

    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      [
        "BODY_LIMIT",
        "DATABASE_SCHEMA",
        "DATABASE_URL",
        "ISSUER",
        "KAFKA_BROKERS",
        "LOG_LEVEL",
        "PORT",
        "SHUTDOWN_TIMEOUT_MS",
        "VAULT_ADDR",
        "VAULT_SECRET_ID",
      ].sort(),
    );
    expect(error.message).toContain("ISSUER: is required but not set");
    expect(error.message).toContain("VAULT_SECRET_ID: is required with VAULT_ROLE_ID");
    for (const value of Object.values(env)) expect(error.message).not.toContain(value);
    expect(JSON.stringify(error.problems)).not.toContain("top-secret-pw");
  });

  test("Vault needs a token or a complete AppRole pair", () => {
    const withoutToken: Record<string, string | undefined> = {
      ...validEnv,
      ISSUER: "x",
      VAULT_TOKEN: undefined,
    };
    expect(errorOf(() => loadConfig(schema, withoutToken)).problems).toEqual([
      { variable: "VAULT_TOKEN", problem: "set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID" },
    ]);
    expect(
      errorOf(() => loadConfig(schema, { ...withoutToken, VAULT_SECRET_ID: "s" })).problems,
    ).toEqual([{ variable: "VAULT_ROLE_ID", problem: "is required with VAULT_SECRET_ID" }]);
    const approle = loadConfig(schema, {
      ...withoutToken,
      VAULT_ROLE_ID: "r",
      VAULT_SECRET_ID: "s",
    });
    expect(approle.VAULT_TOKEN).toBeUndefined();
  });

  test("an empty variable counts as unset and defaults apply", () => {
    const config = loadConfig(serviceConfig({ PORT: port(4003) }), {
      ...validEnv,
      PORT: "",
      LOG_LEVEL: "DEBUG",
      BODY_LIMIT: "1mb",
    });
    expect(config.PORT).toBe(4003);
    expect(config.LOG_LEVEL).toBe("debug");
    expect(config.BODY_LIMIT).toBe(1024 * 1024);
  });

  test("works with any zod object, not only the service shape", () => {
    const config = loadConfig(z.object({ NAME: nonEmptyString() }), { NAME: "kit" });
    expect(config.NAME).toBe("kit");
  });
});
