import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Client } from "pg";
import { z } from "zod";
import { bootstrapDatabase, migrate, repoRoot, roleUrl } from "../src";

// A database and roles of its own on the test stack's PostgreSQL (a superuser URL travels in
// TURNOUT_STACK): the stack's own roles are in use by other tests, and re-provisioning them
// would change their passwords.
const adminUrl = z
  .object({ database: z.object({ adminUrl: z.string() }) })
  .parse(JSON.parse(process.env.TURNOUT_STACK ?? "null")).database.adminUrl;

const suffix = randomBytes(4).toString("hex");
const database = `provisioning_${suffix}`;
const roles = ["a", "b"].map((name) => ({
  role: `provisioning_${suffix}_${name}`,
  schema: `schema_${name}`,
  password: randomBytes(12).toString("hex"),
}));
const [a, b] = roles as [(typeof roles)[number], (typeof roles)[number]];

async function as<T>(
  role: { role: string; password: string },
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    connectionString: roleUrl(adminUrl, database, role.role, role.password),
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const sqlState = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "succeeded",
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  );

afterAll(async () => {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const { role } of roles) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await admin.end();
  }
});

test("each role gets its own schema, migrated as that role, and nothing of the other's", async () => {
  await bootstrapDatabase(adminUrl, database, roles);
  await migrate({
    roleUrl: roleUrl(adminUrl, database, a.role, a.password),
    schema: a.schema,
    // The kit's migrations only: every service has them, and they create `outbox`.
    dirs: [join(repoRoot(), "packages", "kit", "migrations")],
  });

  const found = await as(a, (c) =>
    c.query<{ schema: string; outbox: string | null }>(
      "SELECT current_schema() AS schema, to_regclass('outbox')::text AS outbox",
    ),
  );
  expect(found.rows).toEqual([{ schema: a.schema, outbox: "outbox" }]);
  // 42501 = insufficient_privilege: the other schema is closed, and so is public.
  expect(await as(b, (c) => sqlState(c.query(`SELECT * FROM ${a.schema}.outbox`)))).toBe("42501");
  expect(await as(b, (c) => sqlState(c.query("CREATE TABLE public.t (id int)")))).toBe("42501");
  expect(await as(b, (c) => sqlState(c.query("CREATE ROLE sneaky")))).toBe("42501");
});

test("a second run resets the passwords and keeps what the first one migrated", async () => {
  await bootstrapDatabase(adminUrl, database, roles);
  const renewed = { ...a, password: randomBytes(12).toString("hex") };
  await bootstrapDatabase(adminUrl, database, [renewed, b]);

  expect(await sqlState(as(a, (c) => c.query("SELECT 1")))).toBe("28P01");
  const rows = await as(renewed, (c) => c.query("SELECT count(*)::int AS n FROM outbox"));
  expect(rows.rows).toEqual([{ n: 0 }]);
});
