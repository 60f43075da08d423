import { SignJWT, base64url } from "jose";
import {
  createTokenMinter,
  generateSigningKey,
  stackSigningKey,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TokenMinter,
} from "@turnout/test-kit";

const enc = (value: unknown) => base64url.encode(JSON.stringify(value));

/** Tokens every service must refuse with 401, by what is wrong with them. */
export async function forgedTokens(minter: TokenMinter): Promise<Record<string, string>> {
  const roles = ["attendee", "organizer", "admin"];
  const real = await stackSigningKey();
  const valid = await minter.mint({ roles: ["attendee"] });
  const [header = "", payload = "", signature = ""] = valid.split(".");
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as object;
  const now = Math.floor(Date.now() / 1000);
  const hs256 = (secret: Uint8Array) =>
    new SignJWT({ roles, token_use: "access" })
      .setProtectedHeader({ alg: "HS256", kid: real.kid, typ: "at+jwt" })
      .setSubject(crypto.randomUUID())
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setJti(crypto.randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(secret);
  // Same kid as the real key, signed by a key Vault has never seen.
  const impostor = createTokenMinter(await generateSigningKey(real.kid), {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  return {
    "alg none": `${enc({ alg: "none", typ: "at+jwt", kid: real.kid })}.${payload}.`,
    "alg none, no signature part": `${enc({ alg: "none" })}.${payload}`,
    "HS256 keyed with the public key (x)": await hs256(base64url.decode(real.publicJwk.x ?? "")),
    "HS256 keyed with the public JWK": await hs256(
      new TextEncoder().encode(JSON.stringify(real.publicJwk)),
    ),
    "unknown kid": await minter.mint({ roles, kid: "no-such-key" }),
    "foreign key under the real kid": await impostor.mint({ roles }),
    expired: await minter.mint({ roles, expiresInSeconds: -120 }),
    "wrong audience": await minter.mint({ roles, aud: "someone-else" }),
    "wrong issuer": await minter.mint({ roles, iss: "https://evil.test" }),
    "service token on a user route": await minter.mint({ roles, tokenUse: "service" }),
    "wrong typ": await minter.mint({ roles, typ: "JWT" }),
    "tampered payload (roles → admin)": `${header}.${enc({ ...claims, roles })}.${signature}`,
    "tampered signature": `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    "not a JWT": "abc.def",
    empty: "",
  };
}
