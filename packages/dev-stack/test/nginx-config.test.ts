import { readFileSync } from "node:fs";
import {
  DEFAULT_GATEWAY_LIMITS,
  GATEWAY_PLACEHOLDERS,
  gatewayTemplatePath,
  limitValues,
  renderGatewayConfig,
  retryAfterSeconds,
} from "../src";

describe("renderGatewayConfig", () => {
  const values = Object.fromEntries(GATEWAY_PLACEHOLDERS.map((name) => [name, "1"]));

  it("knows every placeholder of the template, and the template nothing else", () => {
    const template = readFileSync(gatewayTemplatePath(), "utf8");
    const names = new Set(Array.from(template.matchAll(/\$\{([A-Z_]+)\}/g), (m) => m[1]));
    expect([...names].sort()).toEqual([...GATEWAY_PLACEHOLDERS].sort());
    expect(renderGatewayConfig(values)).not.toContain("${");
  });

  it("fails on a placeholder left without a value", () => {
    const { DOCS_ROOT: _docs, WEB_ROOT: _web, ...partial } = values;
    expect(() => renderGatewayConfig(partial)).toThrow(/DOCS_ROOT, WEB_ROOT|WEB_ROOT, DOCS_ROOT/);
  });

  it("refuses values that would add nginx directives", () => {
    expect(() =>
      renderGatewayConfig({ ...values, WEB_ROOT: '/srv/www"; autoindex on; #' }),
    ).toThrow(/WEB_ROOT/);
    expect(() => renderGatewayConfig({ ...values, AUTH_UPSTREAM: "127.0.0.1:4001;\nx" })).toThrow(
      /AUTH_UPSTREAM/,
    );
  });

  it("derives Retry-After from the rate", () => {
    expect(retryAfterSeconds("10r/m")).toBe(6);
    expect(retryAfterSeconds("1r/m")).toBe(60);
    expect(retryAfterSeconds("5r/s")).toBe(1);
    expect(() => retryAfterSeconds("fast")).toThrow(/nginx rate/);
  });

  it("fills both per-address zones, each with its own Retry-After", () => {
    expect(DEFAULT_GATEWAY_LIMITS).toEqual({
      authRateLimit: "300r/m",
      authBurst: 100,
      sessionRateLimit: "120r/m",
      sessionBurst: 60,
    });
    expect(limitValues({ authRateLimit: "10r/m", sessionBurst: 3 })).toEqual({
      AUTH_RATE_LIMIT: "10r/m",
      AUTH_BURST: 100,
      AUTH_RETRY_AFTER: 6,
      SESSION_RATE_LIMIT: "120r/m",
      SESSION_BURST: 3,
      SESSION_RETRY_AFTER: 1,
    });
    expect(() => limitValues({ authBurst: -1 })).toThrow(/authBurst/);
  });
});
