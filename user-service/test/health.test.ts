import request from "supertest";
import { describeServiceBasics } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { AREA } from "../src/routes";
import { createTestApp } from "./helpers/test-app";

const testApp = createTestApp();
afterAll(() => testApp.close());

describeServiceBasics({
  service: SERVICE,
  area: AREA,
  schema: testApp.schema,
  app: () => testApp.app,
  query: (sql) => testApp.prisma.$queryRawUnsafe(sql),
});

test("readyz reports the avatar folder", async () => {
  const res = await request(testApp.app).get("/readyz");
  expect(res.body).toMatchObject({ checks: { "avatar-dir": { status: "ok" } } });
});
