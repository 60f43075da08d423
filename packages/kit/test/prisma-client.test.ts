import { PrismaPg } from "@prisma/adapter-pg";
import { createPgPool, createPrismaClient } from "../src";

class FakePrismaClient {
  constructor(readonly options: { adapter: PrismaPg }) {}
}

describe("createPrismaClient", () => {
  test("hands the generated client a pg adapter on the service's pool, bound to its schema", async () => {
    const pool = createPgPool({ databaseUrl: "postgres://turnout_auth:pw@127.0.0.1:1/turnout" });
    const client = createPrismaClient(FakePrismaClient, { pool, schema: "auth" });
    expect(client).toBeInstanceOf(FakePrismaClient);
    expect(client.options.adapter).toBeInstanceOf(PrismaPg);
    // The schema must reach the adapter: Prisma ignores `?schema=` in the URL with adapters.
    expect(
      (client.options.adapter as unknown as { options: { schema: string } }).options.schema,
    ).toBe("auth");
    await pool.end();
  });

  test("refuses a schema name that is not a plain identifier", () => {
    expect(() =>
      createPgPool({ databaseUrl: "postgres://x@127.0.0.1/db", schema: "auth; drop" }),
    ).toThrow(/identifier/);
  });

  test("the pool sets search_path to the schema", async () => {
    const pool = createPgPool({
      databaseUrl: "postgres://x@127.0.0.1:1/db",
      schema: "events",
      max: 2,
    });
    expect(pool.options).toMatchObject({ options: "-c search_path=events", max: 2 });
    await pool.end();
  });
});
