import { createLogger, createStaticKeySource, pgReadinessCheck } from "@turnout/kit";
import { describeServiceBasics, serviceDatabase } from "@turnout/test-kit";
import { createApp } from "../src/app";
import { SERVICE } from "../src/config";
import { createDatabase, type Database } from "../src/data/database";
import { AREA } from "../src/routes";

let db: Database;
const { url, schema, pool } = serviceDatabase(SERVICE);

beforeAll(() => {
  db = createDatabase(url, schema);
});
afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

describeServiceBasics({
  service: SERVICE,
  area: AREA,
  schema,
  app: () =>
    createApp({
      logger: createLogger({ service: SERVICE, silent: true }),
      db,
      readiness: [pgReadinessCheck(pool)],
      keys: createStaticKeySource({ keys: [] }),
    }),
  query: (sql) => db.$queryRawUnsafe(sql),
});
