import type { Pool, PoolClient, QueryResultRow } from "pg";

/**
 * Where a repository runs its statements: the service's pool (each statement commits on its
 * own) or the one connection of a unit of work. Both are bound to the service's schema by the
 * pool's `search_path`, so no statement names its schema.
 */
export type Db = Pool | PoolClient;

/**
 * One SQL statement with a name: node-postgres prepares it once per connection under that name
 * and afterwards sends only the name and the values (no parse, no plan per call).
 */
export interface Statement<Row extends QueryResultRow = QueryResultRow> {
  readonly name: string;
  readonly text: string;
  /** Never set; carries the row type. */
  readonly row?: Row;
}

const texts = new Map<string, string>();

/**
 * Declares a named statement. A name stands for one text for the life of the process (a
 * connection that prepared it would otherwise run the old text), so declaring a name twice with
 * different texts throws.
 */
export function statement<Row extends QueryResultRow = QueryResultRow>(
  name: string,
  text: string,
): Statement<Row> {
  const known = texts.get(name);
  if (known !== undefined && known !== text) {
    throw new Error(`statement "${name}" is declared twice with different texts`);
  }
  texts.set(name, text);
  return { name, text };
}

/** Runs a statement; its rows. */
export async function queryRows<Row extends QueryResultRow>(
  db: Db,
  st: Statement<Row>,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  const result = await db.query<Row>({ name: st.name, text: st.text, values: [...values] });
  return result.rows;
}

/** Runs a statement; its first row, if any. */
export async function queryOne<Row extends QueryResultRow>(
  db: Db,
  st: Statement<Row>,
  values: readonly unknown[] = [],
): Promise<Row | undefined> {
  return (await queryRows(db, st, values))[0];
}

/** Runs a statement; how many rows it changed. */
export async function execute(
  db: Db,
  st: Statement,
  values: readonly unknown[] = [],
): Promise<number> {
  const result = await db.query({ name: st.name, text: st.text, values: [...values] });
  return result.rowCount ?? 0;
}
