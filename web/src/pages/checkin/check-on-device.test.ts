import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { checkOnDevice } from "./check-on-device";

// Keys made here as the service makes them (Ed25519, WebCrypto as in Chromium).
const EVENT = "11111111-1111-4111-8111-111111111111";
const SEAT = "22222222-2222-4222-8222-222222222222";
const BOOKING = "33333333-3333-4333-8333-333333333333";

async function key(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kty: "OKP", kid, alg: "EdDSA", use: "sig" };
  return { jwk, privateKey, kid };
}

type Key = Awaited<ReturnType<typeof key>>;

function ticket(signer: Key, claims: Record<string, unknown> = {}, typ = "turnout-ticket+jwt") {
  return new SignJWT({
    reg: BOOKING,
    evt: EVENT,
    tt: "t1",
    ttn: "Standard",
    name: "Grace Front",
    ...claims,
  })
    .setProtectedHeader({ alg: "EdDSA", kid: signer.kid, typ })
    .setIssuer("turnout-tickets")
    .setSubject(SEAT)
    .setIssuedAt()
    .setExpirationTime((claims.exp as number | undefined) ?? "1d")
    .sign(signer.privateKey);
}

const nothingKnown = {
  voided: new Set<string>(),
  moved: new Map<string, string>(),
  seen: new Map(),
};

let current: Key;
let other: Key;
beforeAll(async () => {
  [current, other] = await Promise.all([key("current"), key("other")]);
});

const check = (code: string, known = nothingKnown) =>
  checkOnDevice(code, EVENT, { keys: [current.jwk] }, known);
const refusal = async (code: string, known = nothingKnown) => {
  const answer = await check(code, known);
  return "refused" in answer ? `${answer.refused.title}: ${answer.refused.detail}` : "accepted";
};

test("a ticket signed by a key of the cached set, for this event, is accepted with its holder", async () => {
  const answer = await check(await ticket(current));
  expect(answer).toMatchObject({
    holder: "Grace Front",
    ticket: { seatId: SEAT, ticketTypeName: "Standard" },
  });
});

test("forged, altered, expired, wrong type and other-event tickets are refused on the device", async () => {
  expect(await refusal(await ticket(other))).toMatch(/^Refused: Not a valid Turnout ticket/);
  const good = await ticket(current);
  const [header, payload, signature] = good.split(".");
  const altered = Buffer.from(payload!, "base64url").toString().replace("Grace Front", "Mallory X");
  expect(
    await refusal(`${header}.${Buffer.from(altered).toString("base64url")}.${signature}`),
  ).toMatch(/Not a valid Turnout ticket/);
  expect(await refusal(await ticket(current, { exp: Math.floor(Date.now() / 1000) - 60 }))).toMatch(
    /expired/,
  );
  expect(await refusal(await ticket(current, {}, "JWT"))).toMatch(/Not a valid Turnout ticket/);
  expect(
    await refusal(await ticket(current, { evt: "44444444-4444-4444-8444-444444444444" })),
  ).toMatch(/another event/);
  expect(await refusal("not-a-ticket")).toMatch(/Not a valid Turnout ticket/);
});

test("a void seat, a seat given to another booking, and a seat scanned before are refused", async () => {
  const code = await ticket(current);
  expect(await refusal(code, { ...nothingKnown, voided: new Set([SEAT]) })).toMatch(/void ticket/);
  const moved = new Map([[SEAT, "55555555-5555-4555-8555-555555555555"]]);
  expect(await refusal(code, { ...nothingKnown, moved })).toMatch(/void ticket/);
  // The seat moved to this very booking: the new holder's ticket is good.
  expect(await refusal(code, { ...nothingKnown, moved: new Map([[SEAT, BOOKING]]) })).toBe(
    "accepted",
  );
  const seen = new Map([[SEAT, { gate: "North door", at: new Date().toISOString(), here: false }]]);
  expect(await refusal(code, { ...nothingKnown, seen })).toMatch(/already scanned/);
});
