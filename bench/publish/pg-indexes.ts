/**
 * FerretDB 1.24 on PostgreSQL turns an equality filter — `{_id: X}` included — into a jsonb
 * containment, `_jsonb->'field' @> X`, that the btree indexes it makes for the collection's
 * declared indexes cannot serve: every findById scans the whole table (10 ms for 4,000
 * publications, more as it grows; bench:publish spent most of PostgreSQL's time there, and a
 * stats refresh over 50,000 publications stalled). MongoDB serves the same queries from its
 * indexes. So that the benchmarks measure Vitrine rather than that translation, each field
 * of an index Vitrine declares also gets a GIN index on the same expression, which
 * PostgreSQL uses for `@>`. The bench's own database only; FerretDB does not know of them
 * (they are not in its metadata) and they go with the database at the end.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Adds the GIN indexes to every table of FerretDB's schema for `database` (FerretDB names
 * the schema after the database); with `fields`, only on those fields (a benchmark whose
 * queries filter by equality on a few fields need not pay for maintaining the others on
 * every write: PostgreSQL updates every index of a row FerretDB rewrites). Without GIN's
 * pending list (`fastupdate = off`): with it, each of the 10,000 scheduled rows waits in a
 * list that every lookup reads through until a vacuum merges it. Returns how many GIN
 * indexes the schema holds afterwards. Throws when psql is missing or PostgreSQL refuses.
 */
const psql = (postgresqlUrl: string, sql: string) =>
  promisify(execFile)('psql', [postgresqlUrl, '-qtA', '-v', 'ON_ERROR_STOP=1', '-c', sql]);

/**
 * VACUUM ANALYZE of every table of FerretDB's schema for `database`: between the bench's
 * phases, after it deleted thousands of rows at once, as autovacuum would do in its own time
 * (dead rows and stale statistics otherwise weigh on the next phase's every lookup).
 * Throws when psql is missing or PostgreSQL refuses.
 */
export async function vacuumSchema(postgresqlUrl: string, database: string): Promise<void> {
  const schema = database.replaceAll("'", "''");
  const { stdout } = await psql(
    postgresqlUrl,
    `SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = '${schema}'`,
  );
  const tables = stdout.trim();
  if (tables) await psql(postgresqlUrl, `VACUUM ANALYZE ${tables}`);
}

export async function addContainmentIndexes(
  postgresqlUrl: string,
  database: string,
  fields?: string[],
): Promise<number> {
  const schema = database.replaceAll("'", "''");
  const only = fields ? `AND m[1] IN (${fields.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')})` : '';
  const sql = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT DISTINCT i.tablename, m[1] AS field
    FROM pg_indexes i, regexp_matches(i.indexdef, '_jsonb -> ''([A-Za-z0-9_]+)''::text', 'g') AS m
    WHERE i.schemaname = '${schema}' AND i.indexdef NOT LIKE '%USING gin%' ${only}
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops) WITH (fastupdate = off)',
      left(r.tablename || '_' || r.field || '_gin', 63), '${schema}', r.tablename, r.field);
  END LOOP;
END $$;
SELECT count(*) FROM pg_indexes WHERE schemaname = '${schema}' AND indexdef LIKE '%USING gin%';`;
  const { stdout } = await psql(postgresqlUrl, sql);
  return Number(stdout.trim().split('\n').at(-1));
}
