import { Client } from "pg";
import { readStackInfo } from "../src/stack/stack-info";

const stack = () => {
  const info = readStackInfo();
  if (!info) throw new Error("the jest global setup starts the stack");
  return info;
};

async function as<T>(service: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const db = stack().database.services[service];
  if (!db) throw new Error(`no database role for ${service}`);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const failure = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "succeeded",
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  );

test("every service role finds its migrated tables in its own schema by default", async () => {
  for (const [service, db] of Object.entries(stack().database.services)) {
    const rows = await as(service, async (client) => {
      const { rows } = await client.query<{ schema: string; outbox: string | null }>(
        "SELECT current_schema() AS schema, to_regclass('outbox')::text AS outbox",
      );
      return rows;
    });
    // Other tests write to these tables concurrently: only where `outbox` resolves matters.
    expect(rows).toEqual([{ schema: db.schema, outbox: "outbox" }]);
  }
});

test("a service role cannot select from another service's schema", async () => {
  // 42501 = insufficient_privilege: the schema itself is closed, not just the table.
  expect(await as("auth-service", (c) => failure(c.query("SELECT * FROM users.outbox")))).toBe(
    "42501",
  );
  expect(
    await as("user-service", (c) => failure(c.query("SELECT * FROM auth.processed_events"))),
  ).toBe("42501");
  expect(
    await as("registration-service", (c) => failure(c.query("SELECT * FROM events.outbox"))),
  ).toBe("42501");
});

test("a service role cannot create objects outside its schema or grant itself more", async () => {
  expect(
    await as("event-service", (c) => failure(c.query("CREATE TABLE public.sneaky (id int)"))),
  ).toBe("42501");
  expect(
    await as("event-service", (c) =>
      failure(c.query("CREATE TABLE registrations.sneaky (id int)")),
    ),
  ).toBe("42501");
  expect(await as("event-service", (c) => failure(c.query("CREATE SCHEMA sneaky")))).toBe("42501");
  expect(await as("event-service", (c) => failure(c.query("CREATE ROLE sneaky")))).toBe("42501");
});
