export const DatabaseAgent = {
  async acquire(configurationName: string): Promise<DatabaseClient> {
    const uid = (await Deno.core.opAsync("op_database_agent_acquire", configurationName)) as DatabaseClientId;
    return new DatabaseClient(uid);
  },
};

export class DatabaseClientId {
  constructor(
    readonly dataSourceId: string,
    readonly connectionId: string,
  ) {}
}

/** Rows as the host sends them: one `{ <type>: value }` cell per column, in column order. */
interface RawQueryResults {
  columns: Database.QueryResultColumn[];
  rows: Array<Array<Record<string, unknown>>>;
}

// As the real Saffron: each row becomes an object keyed by column name.
function reshape(results: RawQueryResults): Database.QueryResults {
  const rows = results.rows.map((row) => {
    const record: Record<string, unknown> = {};
    results.columns.forEach((column, index) => {
      record[column.name] = Object.values(row[index] ?? {})[0];
    });
    return record;
  });
  return { ...results, rows };
}

export class DatabaseClient {
  constructor(readonly uid: DatabaseClientId) {}

  // `any[]`: the real signature; SQL parameters of any type.
  async query(rawSql: string, params: any[] = []): Promise<Database.QueryResults> {
    const results = await Deno.core.opAsync("op_database_agent_query", { uid: this.uid, rawSql, params });
    return reshape(results as RawQueryResults);
  }

  async release(): Promise<void> {
    await Deno.core.opAsync("op_database_agent_release", this.uid);
  }

  // `any[]`: as query's.
  async execute(rawSql: string, params: any[]): Promise<unknown> {
    return Deno.core.opAsync("op_database_agent_execute", { uid: this.uid, rawSql, params });
  }

  async beginTransaction(): Promise<DatabaseClient> {
    await Deno.core.opAsync("op_database_agent_begin_transaction", this.uid);
    return this;
  }

  async commitTransaction(): Promise<void> {
    await Deno.core.opAsync("op_database_agent_commit_transaction", this.uid);
  }

  async rollbackTransaction(): Promise<void> {
    await Deno.core.opAsync("op_database_agent_rollback_transaction", this.uid);
  }
}

export declare namespace Database {
  interface QueryResultColumn {
    name: string;
    type: string;
  }

  interface QueryResults {
    columns: QueryResultColumn[];
    // `any`: the real signature; a cell holds whatever the database returned.
    rows: Array<{ [key: string]: any }>;
  }
}
