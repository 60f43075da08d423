import { REDACTED, redactString, redactValue, runWithContext } from "../src";
import { captureLogger } from "./helpers";

const JWT =
  "eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTEiLCJyb2xlcyI6WyJhdHRlbmRlZSJdfQ.c2lnbmF0dXJlLWJ5dGVz";

describe("logger", () => {
  test("writes one JSON line with timestamp, level, service and message", () => {
    const { logger, lines } = captureLogger("user-service", "info");
    logger.info("profile created", { profile_id: "p-1" });
    logger.debug("not at this level");

    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      level: "info",
      message: "profile created",
      service: "user-service",
      profile_id: "p-1",
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  test("adds request_id and traceparent from the current context, none outside it", () => {
    const { logger, lines } = captureLogger();
    runWithContext({ requestId: "ctx-1", traceparent: "00-abc" }, () => {
      logger.warn("inside");
    });
    logger.warn("outside");

    expect(lines[0]).toMatchObject({
      message: "inside",
      request_id: "ctx-1",
      traceparent: "00-abc",
    });
    expect(lines[1]).not.toHaveProperty("request_id");
  });

  test("secrets never reach the output, at any depth", () => {
    const { logger, raw, lines } = captureLogger();
    const meta = {
      password: "hunter2-password",
      user: { email: "a@b.c", credentials: { client_secret: "cs-secret-value" } },
      tokens: [{ access_token: "at-secret-value", refresh_token: "rt-secret-value" }],
      headers: { Authorization: "Bearer abc.def.ghi", cookie: "sid=cookie-secret-value" },
      key: { private_jwk: '{"d":"private-d-value"}', kid: "k1" },
      vault: { secret_id: "vault-secret-id-value", role_id: "role-1" },
      url: "postgres://turnout_auth:db-password-value@127.0.0.1:5432/turnout",
      note: `forwarded ${JWT}`,
    };
    logger.info("login attempt with Bearer bearer-secret-value", meta);

    const text = raw.join("\n");
    for (const secret of [
      "hunter2-password",
      "cs-secret-value",
      "at-secret-value",
      "rt-secret-value",
      "abc.def.ghi",
      "cookie-secret-value",
      "private-d-value",
      "vault-secret-id-value",
      "db-password-value",
      "bearer-secret-value",
      JWT,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      password: REDACTED,
      user: { email: "a@b.c", credentials: REDACTED },
      vault: { secret_id: REDACTED, role_id: "role-1" },
      key: { private_jwk: REDACTED, kid: "k1" },
      message: `login attempt with Bearer ${REDACTED}`,
    });
    // The caller's object is left as it was.
    expect(meta.password).toBe("hunter2-password");
    expect(meta.tokens[0]?.access_token).toBe("at-secret-value");
  });

  test("errors are logged with message and stack, and secrets in them are masked", () => {
    const { logger, lines } = captureLogger();
    const error = Object.assign(new Error("upstream said Bearer tok-secret"), { code: "E_UP" });
    logger.error("call failed", { error });

    const logged = lines[0]?.error as Record<string, unknown>;
    expect(logged.message).toBe(`upstream said Bearer ${REDACTED}`);
    expect(logged.code).toBe("E_UP");
    expect(String(logged.stack)).toContain("logging.test.ts");
  });
});

describe("redaction helpers", () => {
  test("key matching ignores case and separators", () => {
    expect(
      redactValue({ accessToken: "a", "X-Refresh-Token": "b", ClientSecret: "c", expires_in: 60 }),
    ).toEqual({
      accessToken: REDACTED,
      "X-Refresh-Token": REDACTED,
      ClientSecret: REDACTED,
      expires_in: 60,
    });
  });

  test("secrets in query strings are masked", () => {
    expect(redactString("GET /stream?access_token=abc123&x=1")).toBe(
      `GET /stream?access_token=${REDACTED}&x=1`,
    );
  });

  test("cycles and deep nesting do not break logging", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ name: "loop", self: "[Circular]" });

    let deep: Record<string, unknown> = { password: "x" };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    expect(JSON.stringify(redactValue(deep))).toContain("[Truncated]");
  });
});
