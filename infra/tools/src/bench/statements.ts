import pg from "pg";

export interface StatementRow {
  calls: number;
  totalMs: number;
  query: string;
}

/**
 * PostgreSQL's own statement counts (pg_stat_statements, loaded by the dev stack): reset before a
 * scenario, read after it, so the report shows what each request costs the database.
 */
export async function statementCounter(adminUrl: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await client.query("SELECT pg_stat_statements_reset()");
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async stop(top = 30): Promise<StatementRow[]> {
      try {
        const { rows } = await client.query<{ n: string; total: number; query: string }>(
          `SELECT calls::text AS n, total_exec_time AS total, query FROM pg_stat_statements
           WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT $1`,
          [top],
        );
        return rows.map((r) => ({
          calls: Number(r.n),
          totalMs: r.total,
          query: r.query.replace(/\s+/g, " ").slice(0, 140),
        }));
      } finally {
        await client.end();
      }
    },
  };
}
