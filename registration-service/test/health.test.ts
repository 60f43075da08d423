import { describeServiceBasics } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { AREA } from "../src/routes";
import { createTestApp } from "./helpers/test-app";

const { app, db, schema, close } = createTestApp();
afterAll(() => close());

describeServiceBasics({
  service: SERVICE,
  area: AREA,
  schema,
  app: () => app,
  query: (sql) => db.$queryRawUnsafe(sql),
});
