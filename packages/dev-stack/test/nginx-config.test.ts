import { readFileSync } from "node:fs";
import {
  GATEWAY_PLACEHOLDERS,
  gatewayTemplatePath,
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
});
