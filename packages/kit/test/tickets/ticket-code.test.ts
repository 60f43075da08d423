import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
} from "jose";
import {
  createStaticKeySource,
  signTicket,
  verifyTicket,
  type SigningKey,
  type TicketFacts,
} from "../../src";

async function newKey(kid?: string): Promise<{ key: SigningKey; publicJwk: object }> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
  const jwk = await exportJWK(publicKey);
  const id = kid ?? (await calculateJwkThumbprint(jwk));
  return {
    key: { kid: id, alg: "EdDSA", privateKey },
    publicJwk: { ...jwk, kid: id, alg: "EdDSA" },
  };
}

const now = Math.floor(Date.now() / 1000);
const facts: TicketFacts = {
  sub: "7b0c8f8e-3b1a-4c52-9f4e-0d6f4f0b8a11",
  reg: "0e6c2a55-8d3e-4f0b-9a51-2f7c1b9d4e22",
  evt: "5a1d3c77-6e2f-4b8a-8c19-3e5f7a9b1c33",
  tt: "c4e2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b44",
  ttn: "Early bird",
  name: "Ada Lovelace",
  iat: now - 60,
  exp: now + 3600,
};

let signer: SigningKey;
let keys: ReturnType<typeof createStaticKeySource>;

beforeAll(async () => {
  const { key, publicJwk } = await newKey();
  signer = key;
  keys = createStaticKeySource({ keys: [publicJwk] as never });
});

test("a signed code verifies to its claims; the header is the documented one; signing is deterministic", async () => {
  const code = await signTicket(facts, signer);
  expect(decodeProtectedHeader(code)).toEqual({
    alg: "EdDSA",
    kid: signer.kid,
    typ: "turnout-ticket+jwt",
  });
  expect(await verifyTicket(code, keys)).toEqual({ iss: "turnout-tickets", ...facts });
  expect(await signTicket(facts, signer)).toBe(code);
});

test("a code signed by another key under the same kid (forged) is refused", async () => {
  const { key: forger } = await newKey(signer.kid);
  expect(await verifyTicket(await signTicket(facts, forger), keys)).toBeNull();
  const { key: stranger } = await newKey();
  expect(await verifyTicket(await signTicket(facts, stranger), keys)).toBeNull();
});

test("an altered payload is refused", async () => {
  const [header, , signature] = (await signTicket(facts, signer)).split(".");
  const altered = Buffer.from(
    JSON.stringify({ iss: "turnout-tickets", ...facts, name: "Someone Else" }),
  ).toString("base64url");
  expect(await verifyTicket(`${header}.${altered}.${signature}`, keys)).toBeNull();
});

test("an expired code is refused; an offline scan's time is honoured", async () => {
  const expired = await signTicket({ ...facts, exp: now - 1 }, signer);
  expect(await verifyTicket(expired, keys)).toBeNull();
  const at = new Date((now - 10) * 1000);
  expect(await verifyTicket(expired, keys, { at })).toMatchObject({ sub: facts.sub });
});

test("another typ, another issuer, missing claims or malformed input are refused", async () => {
  const sign = (payload: object, typ: string) =>
    new SignJWT({ ...payload })
      .setProtectedHeader({ alg: "EdDSA", kid: signer.kid, typ })
      .sign(signer.privateKey);
  // An access token signed by the same key is not a ticket.
  const claims = { iss: "turnout-tickets", ...facts };
  expect(await verifyTicket(await sign(claims, "JWT"), keys)).toBeNull();
  expect(
    await verifyTicket(await sign({ ...claims, iss: "turnout-auth" }, "turnout-ticket+jwt"), keys),
  ).toBeNull();
  expect(
    await verifyTicket(await sign({ ...claims, reg: "x" }, "turnout-ticket+jwt"), keys),
  ).toBeNull();
  const { evt: _evt, ...noEvent } = claims;
  expect(await verifyTicket(await sign(noEvent, "turnout-ticket+jwt"), keys)).toBeNull();
  for (const junk of ["", "a.b.c", "not a ticket", "x".repeat(5000)]) {
    expect(await verifyTicket(junk, keys)).toBeNull();
  }
});
