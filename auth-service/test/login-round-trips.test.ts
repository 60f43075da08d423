import { Client } from "pg";
import request from "supertest";
import { uniqueEmail } from "@turnout/test-kit";
import { hashRefreshToken } from "../src/domain/tokens";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

// Counts what the app sends to PostgreSQL: every statement is one `query` call of a pg client
// (the driver adapter sends each over the pool, transactions included), so the number of calls
// from the app's own connections (told apart by their application_name) is its round trips.
const APPLICATION_NAME = `auth-login-round-trips-${process.pid}`;
const { app, prisma, close } = createTestApp(
  { throttle: { windowSeconds: 60, maxPerAccountAddress: 3, maxPerAddress: 50 } },
  { databaseApplicationName: APPLICATION_NAME },
);

type Query = (this: Client, ...args: unknown[]) => unknown;
const originalQuery = Reflect.get(Client.prototype, "query") as Query;
const sent: string[] = [];
const statementText = (config: unknown): string =>
  typeof config === "string" ? config : ((config as { text?: string } | null)?.text ?? "?");

beforeAll(() => {
  const counting: Query = function (...args) {
    const params = (this as unknown as { connectionParameters?: { application_name?: string } })
      .connectionParameters;
    if (params?.application_name === APPLICATION_NAME) sent.push(statementText(args[0]));
    return originalQuery.apply(this, args);
  };
  Reflect.set(Client.prototype, "query", counting);
});
afterAll(async () => {
  Reflect.set(Client.prototype, "query", originalQuery);
  await close();
});

/** The reply and the statements the app sent while answering it. */
async function statementsOf(
  body: object,
  address: string,
): Promise<{ status: number; body: unknown; statements: string[] }> {
  sent.length = 0;
  const res = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", address)
    .send(body);
  return { status: res.status, body: res.body, statements: [...sent] };
}

const counter = (scope: string, subject: string) =>
  prisma.loginThrottle.findUnique({ where: { scope_subject: { scope, subject } } });

test.each(["email", "username"] as const)(
  "a successful login by %s is two round trips: one read, one write (counter cleared, refresh token stored)",
  async (by) => {
    const user = await registerUser(app, { username: `trips_${Date.now()}` });
    // One failure first, so the success has this address's counter to clear.
    const identifier = by === "email" ? { email: user.email } : { username: user.username! };
    const typed = by === "email" ? `email:${user.email}` : `username:${user.username!}`;
    const address = uniqueAddress();
    expect((await statementsOf({ ...identifier, password: "bad password!" }, address)).status).toBe(
      401,
    );
    expect(await counter("account-address", `${address}|${typed}`)).toMatchObject({ failures: 1 });

    const ok = await statementsOf({ ...identifier, password: PASSWORD }, address);
    expect(ok.status).toBe(200);
    expect(ok.statements).toHaveLength(2);

    expect(await counter("account-address", `${address}|${typed}`)).toBeNull();
    // The identifier's own counter keeps running: it only ever slows failures down.
    expect(await counter("account", typed)).toMatchObject({ failures: 1 });
    const refreshToken = (ok.body as { refresh_token: string }).refresh_token;
    const stored = await prisma.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(refreshToken) },
    });
    expect(stored).toMatchObject({ userId: user.id, usedAt: null, revokedAt: null });
    expect(stored!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500 * 1000);
  },
);

test("a wrong password is two round trips: the read, then one statement counting every key", async () => {
  const user = await registerUser(app);
  const address = uniqueAddress();
  const res = await statementsOf({ email: user.email, password: "bad password!" }, address);
  expect(res.status).toBe(401);
  expect(res.statements).toHaveLength(2);
  expect(await counter("account", `email:${user.email}`)).toMatchObject({ failures: 1 });
  expect(await counter("account-address", `${address}|email:${user.email}`)).toMatchObject({
    failures: 1,
  });
  expect(await counter("address", address)).toMatchObject({ failures: 1 });
});

test("an unknown account is two round trips too, counted by what was typed", async () => {
  const email = uniqueEmail("nobody");
  const address = uniqueAddress();
  const res = await statementsOf({ email, password: "bad password!" }, address);
  expect(res.status).toBe(401);
  expect(res.statements).toHaveLength(2);
  expect(await counter("account", `email:${email}`)).toMatchObject({ failures: 1 });
  expect(await counter("address", address)).toMatchObject({ failures: 1 });
});

test("a throttled login is one round trip: the read", async () => {
  const email = uniqueEmail("throttled");
  const address = uniqueAddress();
  for (let i = 0; i < 3; i++) {
    expect((await statementsOf({ email, password: "bad password!" }, address)).status).toBe(401);
  }
  const res = await statementsOf({ email, password: "bad password!" }, address);
  expect(res.status).toBe(429);
  expect(res.statements).toHaveLength(1);
});
