import request from "supertest";
import { stackSigningKey } from "@turnout/test-kit";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();

afterAll(() => close());

test("the JWKS holds the public half of the Vault signing key and no private material, at both paths", async () => {
  const signing = await stackSigningKey();
  for (const path of ["/.well-known/jwks.json", "/api/v1/auth/.well-known/jwks.json"]) {
    const res = await request(app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    const { keys: published } = res.body as { keys: Record<string, unknown>[] };
    expect(published.map((k) => k.kid)).toContain(signing.kid);
    expect(published.find((k) => k.kid === signing.kid)).toMatchObject({
      kty: "OKP",
      crv: "Ed25519",
      x: signing.publicJwk.x,
    });
    for (const key of published) expect(key).not.toHaveProperty("d");
  }
});

test("the JWKS route is documented in the auth OpenAPI document", async () => {
  const res = await request(app).get("/api/v1/auth/openapi.json");
  expect(Object.keys((res.body as { paths: object }).paths)).toContain(
    "/api/v1/auth/.well-known/jwks.json",
  );
});
