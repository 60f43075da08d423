import nodeVault from "node-vault";
import { decodeProtectedHeader, type JWK } from "jose";
import { z } from "zod";
import { startVaultServer, type VaultServer } from "@turnout/dev-stack";
import {
  createVaultClient,
  createVaultKeySource,
  createVaultSigningKeySource,
  signTicket,
  verifyTicket,
  type KeySource,
  type SigningKey,
  type SigningKeySource,
  type TicketFacts,
} from "@turnout/kit";
import {
  bootstrapVault,
  createKvV2,
  JWKS_PATH,
  keyPaths,
  RETIRE_AFTER,
  rotateKeys,
  type KvV2,
} from "@turnout/provisioning";

// docs/tickets.md, "Ticket keys in Vault": `npm run keys:rotate -- --tickets` on a private Vault.
const TICKETS = keyPaths("tickets");
const DAY = 86_400_000;
const LIFETIME = 400 * DAY;

let server: VaultServer;
let kv: KvV2;
let keys: KeySource;
let signing: SigningKeySource;

beforeEach(async () => {
  server = await startVaultServer();
  const root = nodeVault({ endpoint: server.addr, token: server.rootToken });
  await bootstrapVault({ client: root, services: ["registration-service"] });
  kv = createKvV2({ addr: server.addr, token: server.rootToken });
  const vault = createVaultClient({ addr: server.addr, credentials: { token: server.rootToken } });
  // What the registration service runs; an unknown kid re-reads the set at once.
  keys = createVaultKeySource({
    vault,
    path: TICKETS.jwks,
    refreshIntervalMs: 0,
    minRefreshGapMs: 0,
  });
  signing = createVaultSigningKeySource({ vault, path: TICKETS.signing, maxAgeMs: 0 });
});
afterEach(async () => {
  keys.stop();
  await server.stop();
});

const now = Math.floor(Date.now() / 1000);
const facts: TicketFacts = {
  sub: "7b0c8f8e-3b1a-4c52-9f4e-0d6f4f0b8a11",
  reg: "0e6c2a55-8d3e-4f0b-9a51-2f7c1b9d4e22",
  evt: "5a1d3c77-6e2f-4b8a-8c19-3e5f7a9b1c33",
  tt: "c4e2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b44",
  ttn: "General admission",
  name: "Ada Lovelace",
  iat: now,
  exp: now + 30 * 86_400,
};
const sign = (key: SigningKey) => signTicket(facts, key);

async function published(): Promise<(JWK & { kid: string })[]> {
  const secret = await kv.read(TICKETS.jwks);
  return JSON.parse(z.object({ keys: z.string() }).parse(secret?.data).keys) as (JWK & {
    kid: string;
  })[];
}
const kids = async () => (await published()).map((key) => key.kid);

test("after a --tickets rotation a code signed by the previous key still verifies, new codes carry the new kid", async () => {
  const before = await signing.current();
  const oldCode = await sign(before);
  const jwtSetBefore = (await kv.read(JWKS_PATH))?.version;

  const result = await rotateKeys({ kv, family: "tickets" });

  expect(result).toMatchObject({ family: "tickets", oldKid: before.kid, retiredKids: [] });
  const after = await signing.current();
  expect(after.kid).toBe(result.newKid);
  const newCode = await sign(after);
  expect(decodeProtectedHeader(newCode).kid).toBe(result.newKid);
  expect(await kids()).toEqual([result.newKid, before.kid]);
  // The replaced key is marked: no ticket it signed can expire after now + the lifetime.
  const marked = (await published())[1]!;
  const retireAt = Date.parse(z.string().parse((marked as Record<string, unknown>)[RETIRE_AFTER]));
  expect(Math.abs(retireAt - (Date.now() + LIFETIME))).toBeLessThan(60_000);
  for (const key of await published()) expect(key).not.toHaveProperty("d");

  await expect(verifyTicket(oldCode, keys)).resolves.toMatchObject({ sub: facts.sub });
  await expect(verifyTicket(newCode, keys)).resolves.toMatchObject({ sub: facts.sub });
  // The access-token keys were not touched.
  expect((await kv.read(JWKS_PATH))?.version).toBe(jwtSetBefore);
});

test("retire-after: still-retiring keys stay, keys past their mark are dropped, --force drops the replaced key now", async () => {
  const k0 = await signing.current();
  const k0Code = await signTicket({ ...facts, exp: now + 900 * 86_400 }, k0);
  const r1 = await rotateKeys({ kv, family: "tickets" });
  // A second rotation at once is not refused: the replaced keys are kept, marked.
  const r2 = await rotateKeys({ kv, family: "tickets" });
  expect(r2.retiredKids).toEqual([]);
  expect(await kids()).toEqual([r2.newKid, r1.newKid, k0.kid]);

  // Past their marks, k0 and r1's key go; r2's (current until now) is kept and marked.
  const later = () => new Date(Date.now() + LIFETIME + DAY);
  const r3 = await rotateKeys({ kv, family: "tickets", now: later });
  expect(r3.retiredKids.sort()).toEqual([k0.kid, r1.newKid].sort());
  expect(await kids()).toEqual([r3.newKid, r2.newKid]);
  expect(await verifyTicket(k0Code, keys)).toBeNull();

  // A compromised key: --force leaves it out of the set at once; its codes are refused.
  const r3Code = await sign(await signing.current());
  await expect(verifyTicket(r3Code, keys)).resolves.not.toBeNull();
  const forced = await rotateKeys({ kv, family: "tickets", force: true });
  expect(forced.retiredKids).toEqual([r3.newKid]);
  expect(forced.forcedRisk?.retiredKids).toEqual([r3.newKid]);
  expect(await kids()).toEqual([forced.newKid, r2.newKid]);
  await keys.refresh();
  expect(await verifyTicket(r3Code, keys)).toBeNull();
});

test("a token with only the turnout-ops policy can rotate the ticket keys", async () => {
  const root = nodeVault({ endpoint: server.addr, token: server.rootToken });
  const created = z
    .object({ auth: z.object({ client_token: z.string() }) })
    .parse(await root.write("auth/token/create", { policies: ["turnout-ops"], ttl: "5m" }));
  const ops = createKvV2({ addr: server.addr, token: created.auth.client_token });
  const result = await rotateKeys({ kv: ops, family: "tickets" });
  expect((await signing.current()).kid).toBe(result.newKid);
});
