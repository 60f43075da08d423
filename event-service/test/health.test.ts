import { createPrismaClient } from "@turnout/kit";
import { describeServiceBasics } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { PrismaClient } from "../src/generated/prisma/client";
import { AREA } from "../src/routes";
import { createTestApp } from "./helpers/test-app";

const testApp = createTestApp();
// Prisma as the service builds it: on the one pool the app runs on.
const prisma = createPrismaClient(PrismaClient, { pool: testApp.pool, schema: testApp.schema });
afterAll(() => testApp.close());

describeServiceBasics({
  service: SERVICE,
  area: AREA,
  schema: testApp.schema,
  app: () => testApp.app,
  query: (sql) => prisma.$queryRawUnsafe(sql),
});
