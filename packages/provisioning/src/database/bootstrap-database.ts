import { Client } from "pg";

export interface ServiceRole {
  role: string;
  schema: string;
  password: string;
}

/**
 * Creates the database, then one schema per service owned by that service's login role.
 * Idempotent: a second run only resets the passwords to the ones given.
 * Least privilege: PUBLIC loses its default rights on the database and the public schema, each
 * role may only connect and use its own schema, and nobody gets grants across schemas.
 */
export async function bootstrapDatabase(
  adminUrl: string,
  database: string,
  roles: readonly ServiceRole[],
): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0)
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  const url = new URL(adminUrl);
  url.pathname = "/" + database;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const dbName = db.escapeIdentifier(database);
    await db.query(`REVOKE ALL ON DATABASE ${dbName} FROM PUBLIC`);
    await db.query("REVOKE ALL ON SCHEMA public FROM PUBLIC");
    for (const { role, schema, password } of roles) {
      const r = db.escapeIdentifier(role);
      const s = db.escapeIdentifier(schema);
      const existing = await db.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      if (existing.rowCount === 0) await db.query(`CREATE ROLE ${r}`);
      await db.query(
        `ALTER ROLE ${r} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${db.escapeLiteral(password)}`,
      );
      await db.query(`GRANT CONNECT ON DATABASE ${dbName} TO ${r}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${r}`);
      await db.query(`ALTER SCHEMA ${s} OWNER TO ${r}`);
      await db.query(`ALTER ROLE ${r} IN DATABASE ${dbName} SET search_path = ${s}`);
    }
  } finally {
    await db.end();
  }
}
