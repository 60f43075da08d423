import { describeServiceBasics } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { AREA } from "../src/routes";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});
afterAll(() => t.close());

describeServiceBasics({
  service: SERVICE,
  area: AREA,
  schema: "notifications",
  app: () => t.app,
  query: (sql) => t.db.$queryRawUnsafe(sql),
});
