import mysql from "mysql2";
import pg from "pg";
import Cursor from "pg-cursor";
import type { DatabaseConfig, Dialect } from "./database-config";
import { TaskError } from "./task-view";

// One connection to the database a task names, the same shape for both drivers. Every value comes
// back as the database's own text (or null), so what lands in a CSV is what the database printed.

export type SqlValue = string | null;

export interface RowBatch {
  columns: string[];
  rows: SqlValue[][];
}

export interface SqlConnection {
  readonly dialect: Dialect;
  /** One statement; `params` bind the dialect's placeholders (see placeholder()). */
  execute(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Rows of a query in batches, read through a cursor (Postgres) or a paused stream (MySQL), never all at once. */
  streamRows(sql: string, batchSize: number): AsyncGenerator<RowBatch>;
  tableExists(table: string, schema?: string): Promise<boolean>;
  quoteIdentifier(name: string): string;
  /** The n-th (1-based) bind placeholder. */
  placeholder(n: number): string;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 30_000;

/** Driver errors reach SetTaskStatus as their own message, prefixed with where they happened. */
export function databaseError(config: DatabaseConfig, error: unknown): TaskError {
  if (error instanceof TaskError) return error;
  const message =
    error instanceof Error ? error.message || String((error as { code?: string }).code ?? error) : String(error);
  return new TaskError("DatabaseError", `${config.label}: ${message}`);
}

const asText = (value: string): string => value;

class PostgresConnection implements SqlConnection {
  readonly dialect = "postgres" as const;
  constructor(private readonly client: pg.Client) {}

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.client.query(sql, params.length > 0 ? [...params] : undefined);
  }

  async *streamRows(sql: string, batchSize: number): AsyncGenerator<RowBatch> {
    const cursor = this.client.query(new Cursor(sql, [], { rowMode: "array", types: { getTypeParser: () => asText } }));
    try {
      for (;;) {
        const { rows, fields } = await new Promise<{ rows: SqlValue[][]; fields: string[] }>((resolve, reject) => {
          cursor.read(batchSize, (err, rows, result) =>
            err
              ? reject(err)
              : resolve({ rows: rows as SqlValue[][], fields: (result?.fields ?? []).map((f) => f.name) }),
          );
        });
        if (rows.length === 0) return;
        yield { columns: fields, rows };
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  async tableExists(table: string, schema?: string): Promise<boolean> {
    const qualified = schema ? `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(table)}` : table;
    const r = await this.client.query<{ found: string | null }>("SELECT to_regclass($1)::text AS found", [qualified]);
    return r.rows[0]?.found != null;
  }

  quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  placeholder(n: number): string {
    return `$${n}`;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

class MysqlConnection implements SqlConnection {
  readonly dialect = "mysql" as const;
  constructor(private readonly connection: mysql.Connection) {}

  execute(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connection.query({ sql, values: [...params] }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async *streamRows(sql: string, batchSize: number): AsyncGenerator<RowBatch> {
    let columns: string[] = [];
    const query = this.connection.query({ sql, rowsAsArray: true });
    query.on("fields", (fields: { name: string }[]) => {
      columns = fields.map((f) => f.name);
    });
    // The stream pauses the connection when the consumer falls behind, so rows are not piled up.
    const stream = query.stream({ highWaterMark: batchSize });
    let batch: SqlValue[][] = [];
    for await (const row of stream as AsyncIterable<SqlValue[]>) {
      batch.push(row);
      if (batch.length >= batchSize) {
        yield { columns, rows: batch };
        batch = [];
      }
    }
    if (batch.length > 0) yield { columns, rows: batch };
  }

  async tableExists(table: string, schema?: string): Promise<boolean> {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      this.connection.query(
        {
          sql: "SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = COALESCE(?, DATABASE())",
          values: [table, schema ?? null],
        },
        (err, result) => (err ? reject(err) : resolve(result as unknown[])),
      );
    });
    return rows.length > 0;
  }

  quoteIdentifier(name: string): string {
    return `\`${name.replace(/`/g, "``")}\``;
  }

  placeholder(): string {
    return "?";
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.connection.end(() => resolve()));
  }

  destroy(): void {
    this.connection.destroy();
  }
}

/** Connects, or throws a TaskError carrying the driver's message. Aborting closes the connection. */
export async function openSqlConnection(config: DatabaseConfig, signal?: AbortSignal): Promise<SqlConnection> {
  try {
    if (config.dialect === "postgres") {
      const client = new pg.Client({
        host: config.host,
        port: config.port,
        database: config.database,
        user: config.user,
        password: config.password,
        ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        application_name: "pipelinehouse-runner",
      });
      client.on("error", () => undefined); // a dropped connection surfaces on the running query
      signal?.addEventListener(
        "abort",
        () => {
          // end() waits for a handshake that may never come; the socket itself must go.
          (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
          void client.end().catch(() => undefined);
        },
        { once: true },
      );
      await client.connect();
      return new PostgresConnection(client);
    }
    const connection = mysql.createConnection({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      connectTimeout: CONNECT_TIMEOUT_MS,
      multipleStatements: false,
      // Every value as the server's text; NULL stays null.
      typeCast: (field) => field.string(),
    });
    connection.on("error", () => undefined);
    signal?.addEventListener("abort", () => connection.destroy(), { once: true });
    await new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve())));
    return new MysqlConnection(connection);
  } catch (error) {
    throw databaseError(config, error);
  }
}
