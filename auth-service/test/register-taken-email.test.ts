import request from "supertest";
import { uniqueEmail } from "@turnout/test-kit";
import { createTestApp, PASSWORD, uniqueAddress } from "./helpers/test-app";

// As deployed: an account signs in once its email is confirmed.
const { app, prisma, close } = createTestApp({ requireVerifiedEmail: true });
afterAll(() => close());

const register = (body: object) => request(app).post("/api/v1/auth/register").send(body);
const login = (body: object) =>
  request(app).post("/api/v1/auth/login").set("X-Forwarded-For", uniqueAddress()).send(body);

test("an unconfirmed account is refused like a wrong password; confirmed, it signs in", async () => {
  const email = uniqueEmail("unconfirmed");
  expect((await register({ email, password: PASSWORD })).status).toBe(201);
  const refused = await login({ email, password: PASSWORD });
  const wrong = await login({ email, password: "not the password" });
  expect(refused.status).toBe(401);
  expect(refused.body).toEqual({ ...(wrong.body as object), request_id: refused.body.request_id });

  await prisma.user.updateMany({ where: { email }, data: { emailVerified: true } });
  expect((await login({ email, password: PASSWORD })).status).toBe(200);
});

test("the owner of a taken email is told at most three times per window", async () => {
  const email = uniqueEmail("told");
  expect((await register({ email, password: PASSWORD })).status).toBe(201);
  for (let i = 0; i < 5; i++) {
    expect((await register({ email, password: `someone else ${i}!` })).status).toBe(201);
  }
  // Each mail is queued with one count of this counter, in one unit of work; then no more.
  const counter = await prisma.loginThrottle.findUnique({
    where: { scope_subject: { scope: "signup-email", subject: email } },
  });
  expect(counter).toMatchObject({ failures: 3 });
});
