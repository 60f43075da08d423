import { parseArgs } from "node:util";
import {
  createKvV2,
  DEFAULT_MAX_TICKET_LIFETIME_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_MS,
  formatDuration,
  JWKS_PATH,
  keyPaths,
  parseDuration,
  RETIRE_AFTER,
  rotateKeys,
  SIGNING_PATH,
  type KeyFamily,
  type RotationResult,
} from "@turnout/provisioning";
import { asUsageErrors, runCommand, UsageError } from "./cli";
import { resolveVault } from "./connections";

export const USAGE = `Usage: npm run keys:rotate [-- [--force] [--max-token-lifetime 15m]]
       npm run keys:rotate -- --tickets [--force] [--max-ticket-lifetime 400d]

Generates a new Ed25519 signing key and publishes it: first a new version of
secret/${JWKS_PATH} holding [new public key, current public key], then a new version
of secret/${SIGNING_PATH}. Verifiers pick the new set up without a restart. Keys older
than the current one are dropped from the set. See docs/key-rotation.md.

With --tickets, rotates the ticket-signing key (secret/${keyPaths("tickets").jwks} and
secret/${keyPaths("tickets").signing}) the same way, but keeps the replaced key in the set
marked "${RETIRE_AFTER}" (now + --max-ticket-lifetime) and drops only keys past their
mark. See docs/tickets.md.

Options:
  --force                      rotate even if the key being dropped may have signed tokens
                               that are still valid (they are then rejected: 401, refresh);
                               with --tickets: drop the replaced key now (compromised key)
  --max-token-lifetime <dur>   the longest an access token lives (default 15m); a rotation
                               that drops a key is refused until this long after the last one
  --tickets                    rotate the ticket-signing key instead of the token key
  --max-ticket-lifetime <dur>  the registration service's TICKET_MAX_LIFETIME (default 400d)
  -h, --help

Vault: VAULT_ADDR + VAULT_TOKEN (policy turnout-ops), else the local platform (npm start).
`;

export interface KeysRotateArgs {
  family: KeyFamily;
  force: boolean;
  maxTokenLifetimeMs: number;
  maxTicketLifetimeMs: number;
  help: boolean;
}

function durationOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  try {
    return parseDuration(value);
  } catch (error) {
    throw new UsageError(`--${name}: ${(error as Error).message}`);
  }
}

export function parseKeysRotateArgs(argv: string[]): KeysRotateArgs {
  const { values, positionals } = asUsageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        force: { type: "boolean", default: false },
        "max-token-lifetime": { type: "string" },
        tickets: { type: "boolean", default: false },
        "max-ticket-lifetime": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
    }),
  );
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const tokenLifetime = values["max-token-lifetime"];
  const ticketLifetime = values["max-ticket-lifetime"];
  if (values.tickets && tokenLifetime !== undefined) {
    throw new UsageError("--max-token-lifetime is for token keys, not with --tickets");
  }
  if (!values.tickets && ticketLifetime !== undefined) {
    throw new UsageError("--max-ticket-lifetime needs --tickets");
  }
  return {
    family: values.tickets ? "tickets" : "jwt",
    force: values.force,
    maxTokenLifetimeMs: durationOption(
      "max-token-lifetime",
      tokenLifetime,
      DEFAULT_MAX_TOKEN_LIFETIME_MS,
    ),
    maxTicketLifetimeMs: durationOption(
      "max-ticket-lifetime",
      ticketLifetime,
      DEFAULT_MAX_TICKET_LIFETIME_MS,
    ),
    help: values.help,
  };
}

export function describeRotation(result: RotationResult): string {
  const { jwks, signing } = result.paths;
  const lines = [
    result.family === "tickets" ? `rotated the ticket-signing key` : `rotated the signing key`,
    `  old kid  ${result.oldKid}`,
    `  new kid  ${result.newKid}`,
    `  secret/${jwks}     version ${result.jwksVersion}  keys [${result.keyIds.join(", ")}]`,
    `  secret/${signing}  version ${result.signingVersion}`,
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
    family: args.family,
    force: args.force,
    maxTokenLifetimeMs: args.maxTokenLifetimeMs,
    maxTicketLifetimeMs: args.maxTicketLifetimeMs,
  });
  if (result.forcedRisk) {
    const { retiredKids, validUntil } = result.forcedRisk;
    process.stderr.write(
      `warning: --force dropped ${retiredKids.join(", ")} although ` +
        `${args.family === "tickets" ? "tickets" : "tokens"} it signed may be ` +
        `valid until ${validUntil.toISOString()} (${formatDuration(validUntil.getTime() - Date.now())} ` +
        `from now); they are rejected from now on.\n`,
    );
  }
  process.stdout.write(describeRotation(result));
  return 0;
}

if (require.main === module) runCommand(USAGE, main);
