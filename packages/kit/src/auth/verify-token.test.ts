import { SignJWT, UnsecuredJWT } from "jose";
import { createTokenMinter, generateSigningKey, type SigningKey } from "@turnout/test-kit";
import { createStaticKeySource } from "./key-source";
import { createRevocationList } from "./revocation-list";
import { createTokenVerifier, TokenRejectedError, type TokenVerifier } from "./verify-token";

const issuer = "turnout-auth";
const audience = "turnout-api";
let key: SigningKey;
let verify: TokenVerifier;
let mint: (
  options?: Parameters<ReturnType<typeof createTokenMinter>["mint"]>[0],
) => Promise<string>;

beforeAll(async () => {
  key = await generateSigningKey();
  const jwks = { keys: [key.publicJwk] };
  verify = createTokenVerifier({
    keySource: createStaticKeySource(jwks),
    issuer,
    audience,
    accept: "user",
  });
  const minter = createTokenMinter(key, { issuer, audience });
  mint = (options) => minter.mint(options);
});

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const rejection = async (token: string): Promise<string> => {
  const error: unknown = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as TokenRejectedError).reason;
};

test("a token signed with the current key verifies into a principal", async () => {
  const token = await mint({ sub: "user-1", roles: ["organizer", "bogus"] });
  await expect(verify(token)).resolves.toMatchObject({
    kind: "user",
    subject: "user-1",
    roles: ["organizer"],
  });
});

test("alg none is refused", async () => {
  const unsecured = new UnsecuredJWT({ roles: ["admin"], jti: "j" })
    .setSubject("attacker")
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime("5m")
    .encode();
  expect(await rejection(unsecured)).toBe("algorithm not allowed");
});

test("HS256 signed with the public key as the HMAC secret is refused", async () => {
  const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
  const forged = await new SignJWT({ roles: ["admin"] })
    .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "at+jwt" })
    .setSubject("attacker")
    .setIssuer(issuer)
    .setAudience(audience)
    .setJti("j")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(secret);
  expect(await rejection(forged)).toBe("algorithm not allowed");
});

test("an unknown kid is refused", async () => {
  expect(await rejection(await mint({ kid: "no-such-key" }))).toBe("unknown key id");
});

test("a token signed by another key under our kid is refused", async () => {
  const stranger = await generateSigningKey(key.kid);
  const token = await createTokenMinter(stranger, { issuer, audience }).mint();
  expect(await rejection(token)).toBe("bad signature");
});

test("an expired token is refused", async () => {
  expect(await rejection(await mint({ expiresInSeconds: -60 }))).toBe("expired");
});

test("a token for another audience is refused", async () => {
  expect(await rejection(await mint({ aud: "event-service" }))).toBe("claim aud invalid");
});

test("a token from another issuer is refused", async () => {
  expect(await rejection(await mint({ iss: "https://evil.example" }))).toBe("claim iss invalid");
});

test("a tampered payload is refused", async () => {
  const [header, payload, signature] = (await mint({ roles: ["attendee"] })).split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<
    string,
    unknown
  >;
  const tampered = `${header}.${b64({ ...claims, roles: ["admin"] })}.${signature}`;
  expect(await rejection(tampered)).toBe("bad signature");
});

test("a service token does not open user routes", async () => {
  expect(await rejection(await mint({ tokenUse: "service" }))).toMatch(/service token/);
});

test("a token without the access-token type header is refused", async () => {
  expect(await rejection(await mint({ typ: "JWT" }))).toBe("claim typ invalid");
});

test("a revoked token id is refused", async () => {
  const revoked = createTokenVerifier({
    keySource: createStaticKeySource({ keys: [key.publicJwk] }),
    issuer,
    audience,
    accept: "user",
    isRevoked: ({ jti }) => jti === "gone",
  });
  await expect(revoked(await mint({ jti: "gone" }))).rejects.toThrow("token rejected: revoked");
});

test("a subject's tokens issued before its revocation are refused; later ones and others pass", async () => {
  const list = createRevocationList();
  const verifyListed = createTokenVerifier({
    keySource: createStaticKeySource({ keys: [key.publicJwk] }),
    issuer,
    audience,
    accept: "user",
    isRevoked: list.isRevoked,
  });
  const expiresAt = new Date(Date.now() + 900_000);
  list.revokeSubject("user-reset", new Date(Date.now() + 5_000), expiresAt);
  list.revokeSubject("user-earlier", new Date(Date.now() - 5_000), expiresAt);
  await expect(verifyListed(await mint({ sub: "user-reset" }))).rejects.toThrow(
    "token rejected: revoked",
  );
  await expect(verifyListed(await mint({ sub: "user-earlier" }))).resolves.toMatchObject({
    subject: "user-earlier",
  });
  await expect(verifyListed(await mint({ sub: "user-other" }))).resolves.toMatchObject({
    subject: "user-other",
  });
  list.revoke("jti-gone", expiresAt);
  await expect(verifyListed(await mint({ jti: "jti-gone" }))).rejects.toThrow(
    "token rejected: revoked",
  );
  list.stop();
});

test("a revoked session's tokens are refused; the principal names its session", async () => {
  const list = createRevocationList();
  const verifyListed = createTokenVerifier({
    keySource: createStaticKeySource({ keys: [key.publicJwk] }),
    issuer,
    audience,
    accept: "user",
    isRevoked: list.isRevoked,
  });
  const sub = "user-sessions";
  await expect(verifyListed(await mint({ sub, sid: "session-1" }))).resolves.toMatchObject({
    subject: sub,
    sessionId: "session-1",
  });
  list.revokeSession("session-1", new Date(Date.now() + 5_000), new Date(Date.now() + 900_000));
  await expect(verifyListed(await mint({ sub, sid: "session-1" }))).rejects.toThrow(
    "token rejected: revoked",
  );
  await expect(verifyListed(await mint({ sub, sid: "session-2" }))).resolves.toMatchObject({
    sessionId: "session-2",
  });
  const noSession = await verifyListed(await mint({ sub }));
  expect(noSession.sessionId).toBeUndefined();
  list.stop();
});

test("garbage is refused, not crashed on", async () => {
  for (const junk of ["", "abc", "a.b.c", `${b64({ alg: "EdDSA" })}..`]) {
    await expect(verify(junk)).rejects.toBeInstanceOf(TokenRejectedError);
  }
});
