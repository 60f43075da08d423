import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@turnout/provisioning";

export const gatewayTemplatePath = (): string =>
  join(repoRoot(), "infra", "nginx", "gateway.conf.template");

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
// Characters that would end or escape an nginx token (quoted or not) and so let a value
// add directives of its own; no legitimate path, address or rate contains them.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const unsafeValue = /["\\$;{}#\u0000-\u001f\u007f]/;

/**
 * Substitutes the template's `${NAME}` placeholders the way envsubst does, so the local file and
 * the one compose renders agree. Every placeholder must get a value: one left over would reach
 * nginx as a literal and fail far from its cause.
 */
export function renderGatewayConfig(
  values: Readonly<Record<string, string | number>>,
  template: string = readFileSync(gatewayTemplatePath(), "utf8"),
): string {
  for (const [name, value] of Object.entries(values)) {
    if (unsafeValue.test(String(value))) {
      throw new Error(`gateway value ${name} contains a character nginx would interpret: ${value}`);
    }
  }
  const rendered = template.replace(placeholder, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
  const missing = [...new Set(Array.from(rendered.matchAll(placeholder), (m) => m[1]))];
  if (missing.length > 0) {
    throw new Error(`gateway template placeholders without a value: ${missing.join(", ")}`);
  }
  return rendered;
}
