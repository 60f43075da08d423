import { parseArgs } from "node:util";
import {
  createKvV2,
  DEFAULT_MAX_TOKEN_LIFETIME_MS,
  formatDuration,
  JWKS_PATH,
  parseDuration,
  rotateKeys,
  SIGNING_PATH,
  type RotationResult,
} from "@turnout/provisioning";
import { asUsageErrors, runCommand, UsageError } from "./cli";
import { resolveVault } from "./connections";

export const USAGE = `Usage: npm run keys:rotate [-- [--force] [--max-token-lifetime 15m]]

Generates a new Ed25519 signing key and publishes it: first a new version of
secret/${JWKS_PATH} holding [new public key, current public key], then a new version
of secret/${SIGNING_PATH}. Verifiers pick the new set up without a restart. Keys older
than the current one are dropped from the set. See docs/key-rotation.md.

Options:
  --force                      rotate even if the key being dropped may have signed tokens
                               that are still valid (they are then rejected: 401, refresh)
  --max-token-lifetime <dur>   the longest an access token lives (default 15m); a rotation
                               that drops a key is refused until this long after the last one
  -h, --help

Vault: VAULT_ADDR + VAULT_TOKEN (policy turnout-ops), else the local platform (npm start).
`;

export interface KeysRotateArgs {
  force: boolean;
  maxTokenLifetimeMs: number;
  help: boolean;
}

export function parseKeysRotateArgs(argv: string[]): KeysRotateArgs {
  const { values, positionals } = asUsageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        force: { type: "boolean", default: false },
        "max-token-lifetime": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
    }),
  );
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const lifetime = values["max-token-lifetime"];
  let maxTokenLifetimeMs = DEFAULT_MAX_TOKEN_LIFETIME_MS;
  if (lifetime !== undefined) {
    try {
      maxTokenLifetimeMs = parseDuration(lifetime);
    } catch (error) {
      throw new UsageError(`--max-token-lifetime: ${(error as Error).message}`);
    }
  }
  return { force: values.force, maxTokenLifetimeMs, help: values.help };
}

export function describeRotation(result: RotationResult): string {
  const lines = [
    `rotated the signing key`,
    `  old kid  ${result.oldKid}`,
    `  new kid  ${result.newKid}`,
    `  secret/${JWKS_PATH}     version ${result.jwksVersion}  keys [${result.keyIds.join(", ")}]`,
    `  secret/${SIGNING_PATH}  version ${result.signingVersion}`,
  ];
  if (result.retiredKids.length > 0) lines.push(`  retired  ${result.retiredKids.join(", ")}`);
  return lines.join("\n") + "\n";
}

async function main(): Promise<number> {
  const args = parseKeysRotateArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const vault = resolveVault();
  process.stderr.write(`Vault ${vault.value.addr} (from the ${vault.source})\n`);
  const result = await rotateKeys({
    kv: createKvV2(vault.value),
    force: args.force,
    maxTokenLifetimeMs: args.maxTokenLifetimeMs,
  });
  if (result.forcedRisk) {
    const { retiredKids, validUntil } = result.forcedRisk;
    process.stderr.write(
      `warning: --force dropped ${retiredKids.join(", ")} although tokens it signed may be ` +
        `valid until ${validUntil.toISOString()} (${formatDuration(validUntil.getTime() - Date.now())} ` +
        `from now); they are rejected from now on.\n`,
    );
  }
  process.stdout.write(describeRotation(result));
  return 0;
}

if (require.main === module) runCommand(USAGE, main);
