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
