import { testStack } from "@turnout/test-kit";
import { createServiceTokenClient, ServiceTokenError } from "../src/auth/service-token-client";
import { createVaultClient, type VaultClient } from "../src/vault/vault-client";

const SERVICE = "registration-service";

const asService = (service: string): VaultClient => {
  const { vault } = testStack();
  const approle = vault!.approles[service]!;
  return createVaultClient({
    addr: vault!.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  });
};

/** A stand-in for auth's `/internal/token`, recording what it was sent. */
const fakeAuth = (reply: { status: number; body: unknown }) => {
  const requests: { url: string; body: Record<string, unknown> }[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    requests.push({
      url: input instanceof Request ? input.url : input.toString(),
      body: JSON.parse(init?.body as string) as Record<string, unknown>,
    });
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { "Content-Type": "application/json" },
      }),
    );
  };
  return { fetchFn, requests };
};

test("reads its own secret from Vault, requests a token once and caches it", async () => {
  const vault = asService(SERVICE);
  const secret = (await vault.readKv(`turnout/service-clients/${SERVICE}`)).data.client_secret;
  const { fetchFn, requests } = fakeAuth({
    status: 200,
    body: { access_token: "tok-1", token_type: "Bearer", expires_in: 300 },
  });
  const client = createServiceTokenClient({
    authUrl: "http://auth.test:4001/",
    clientId: SERVICE,
    audience: "event-service",
    vault,
    fetch: fetchFn,
  });

  const [a, b] = await Promise.all([client.token(), client.token()]);
  expect(await client.token()).toBe("tok-1");
  expect([a, b]).toEqual(["tok-1", "tok-1"]);
  expect(requests).toHaveLength(1);
  expect(requests[0]!.url).toBe("http://auth.test:4001/internal/token");
  expect(requests[0]!.body).toEqual({
    grant_type: "client_credentials",
    client_id: SERVICE,
    client_secret: secret,
    audience: "event-service",
  });
});

test("a token close to expiry is replaced", async () => {
  const { fetchFn, requests } = fakeAuth({
    status: 200,
    body: { access_token: "short", token_type: "Bearer", expires_in: 1 },
  });
  const client = createServiceTokenClient({
    authUrl: "http://auth.test",
    clientId: SERVICE,
    audience: "event-service",
    vault: asService(SERVICE),
    fetch: fetchFn,
  });
  await client.token();
  await new Promise((resolve) => setTimeout(resolve, 600));
  await client.token();
  expect(requests).toHaveLength(2);
});

test("a refusal is an error naming the status and code, and is not cached", async () => {
  const { fetchFn, requests } = fakeAuth({
    status: 401,
    body: { code: "invalid_client", status: 401 },
  });
  const client = createServiceTokenClient({
    authUrl: "http://auth.test",
    clientId: SERVICE,
    audience: "event-service",
    vault: asService(SERVICE),
    fetch: fetchFn,
  });
  await expect(client.token()).rejects.toThrow(ServiceTokenError);
  await expect(client.token()).rejects.toThrow("401 invalid_client");
  expect(requests).toHaveLength(2);
});
