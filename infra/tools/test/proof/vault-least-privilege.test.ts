// Finding 12 of the security review: each service's Vault policy grants exactly what the
// service reads, nothing to write, only the auth service the private signing key and only the
// registration service the private ticket key. Checked
// with each service's own AppRole through the real node-vault client.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nodeVault from "node-vault";
import { repoRoot } from "@turnout/provisioning";
import { testStack } from "@turnout/test-kit";

const SIGNING = "secret/data/turnout/jwt/signing";
const JWKS = "secret/data/turnout/jwt/jwks";
const TICKET_SIGNING = "secret/data/turnout/tickets/signing";
const TICKET_JWKS = "secret/data/turnout/tickets/jwks";
const WEBHOOK_KEY = "secret/data/turnout/notification/webhook-secrets-key";
const clientSecret = (service: string) => `secret/data/turnout/service-clients/${service}`;

const SERVICES = [
  "auth-service",
  "user-service",
  "event-service",
  "registration-service",
  "notification-service",
] as const;
type Service = (typeof SERVICES)[number];

/**
 * What each service reads at run time, and why (the code that does it):
 * - every service verifies access tokens with the public key set (kit `createVaultKeySource`);
 * - auth signs with the private key (`data/signing-key.ts`) and checks every service client's
 *   secret (`data/service-clients.ts`);
 * - only the registration service asks auth for service tokens (`createServiceTokenClient` in
 *   its `main.ts`, to call the event service's seat ledger), so only it reads its own secret;
 * - only the registration service issues tickets, so only it reads the ticket signing key
 *   (`data/ticket-keys.ts`); the ticket key set is public (served at
 *   `/.well-known/ticket-keys.json`) and every service may read it to verify a ticket
 *   (docs/tickets.md);
 * - only the notification service encrypts webhook secrets, so only it reads their key
 *   (`webhooks/secret-box.ts`).
 */
const USES: Record<Service, string[]> = {
  "auth-service": [SIGNING, JWKS, TICKET_JWKS, ...SERVICES.map(clientSecret)],
  "user-service": [JWKS, TICKET_JWKS],
  "event-service": [JWKS, TICKET_JWKS],
  "registration-service": [JWKS, TICKET_JWKS, TICKET_SIGNING, clientSecret("registration-service")],
  "notification-service": [JWKS, TICKET_JWKS, WEBHOOK_KEY],
};

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
    if (status === undefined) throw error;
    return status;
  }
}

async function loginAs(service: Service) {
  const { vault } = testStack();
  const approle = vault!.approles[service]!;
  const client = nodeVault({ endpoint: vault!.addr });
  await client.approleLogin({ role_id: approle.roleId, secret_id: approle.secretId });
  return client;
}

test.each(SERVICES)("%s reads what it uses, and nothing else", async (service) => {
  const client = await loginAs(service);
  const everyPath = [
    SIGNING,
    JWKS,
    TICKET_SIGNING,
    TICKET_JWKS,
    WEBHOOK_KEY,
    ...SERVICES.map(clientSecret),
  ];
  const statuses = Object.fromEntries(
    await Promise.all(everyPath.map(async (path) => [path, await statusOf(client.read(path))])),
  );
  const expected = Object.fromEntries(
    everyPath.map((path) => [path, USES[service].includes(path) ? 200 : 403]),
  );
  expect(statuses).toEqual(expected);
  // Metadata (versions, history) is not needed: a data read carries the version.
  expect(await statusOf(client.read("secret/metadata/turnout/jwt/signing"))).toBe(403);
  expect(await statusOf(client.read("secret/metadata/turnout/jwt/jwks"))).toBe(403);
});

test.each(SERVICES)("%s can write no secret, the public key set included", async (service) => {
  const client = await loginAs(service);
  const jwks = (await client.read(JWKS)) as { data: { data: Record<string, unknown> } };
  // Written back unchanged, so an unexpected success would change nothing.
  expect(await statusOf(client.write(JWKS, { data: jwks.data.data }))).toBe(403);
  expect(await statusOf(client.write(SIGNING, { data: {} }))).toBe(403);
  expect(await statusOf(client.write(TICKET_SIGNING, { data: {} }))).toBe(403);
  expect(await statusOf(client.write(TICKET_JWKS, { data: {} }))).toBe(403);
  expect(await statusOf(client.write(clientSecret(service), { data: {} }))).toBe(403);
  expect(await statusOf(client.write(WEBHOOK_KEY, { data: {} }))).toBe(403);
});

test("the policy files grant services only `read`, on exactly the paths they use", () => {
  for (const service of SERVICES) {
    const file = join(repoRoot(), "infra", "vault", "policies", `turnout-${service}.json`);
    const policy = JSON.parse(readFileSync(file, "utf8")) as {
      path: Record<string, { capabilities: string[] }>;
    };
    for (const rule of Object.values(policy.path)) expect(rule.capabilities).toEqual(["read"]);
    const granted = Object.keys(policy.path).sort();
    const wanted =
      service === "auth-service" ? [SIGNING, JWKS, TICKET_JWKS, clientSecret("*")] : USES[service];
    expect({ service, granted }).toEqual({ service, granted: [...wanted].sort() });
  }
});
