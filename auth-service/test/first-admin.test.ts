import request from "supertest";
import { decodeJwt } from "jose";
import { uniqueEmail } from "@turnout/test-kit";
import { ensureFirstAdmin } from "../src/domain/accounts";
import { createTestApp, PASSWORD, uniqueAddress } from "./helpers/test-app";

const { app, data, prisma, close } = createTestApp();
afterAll(() => close());

test("the configured first admin is created once; later starts leave it alone", async () => {
  const email = uniqueEmail("admin");
  const first = await ensureFirstAdmin({ data }, { email, password: PASSWORD });
  // The stack is shared by the whole run; only this test creates admins.
  expect(first).toBe("created");

  const res = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  expect(decodeJwt((res.body as { access_token: string }).access_token).roles).toEqual([
    "attendee",
    "admin",
  ]);

  const other = uniqueEmail("admin2");
  expect(await ensureFirstAdmin({ data }, { email: other, password: PASSWORD })).toBe("exists");
  expect(await prisma.user.count({ where: { email: other } })).toBe(0);
});
