import { PassThrough, Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { readDataNode, type DataNode, type S3Node, type SqlNode } from "./data-nodes";
import { createRecordParser, createRecordWriter, sameTextFormat, type TextFormat } from "./data-format";
import { FINISHED, type ExecutorContext, type TaskExecutor } from "./executor";
import { listKeys, openObject, uploadStream, type S3Location } from "./s3-location";
import { databaseError, openSqlConnection, type SqlConnection, type SqlValue } from "./sql-connection";
import { splitSqlScript } from "./sql-script";
import { TaskError } from "./task-view";

// CopyActivity between an S3DataNode and a SqlDataNode, either way, and between two S3 locations.
// Everything streams: rows come through a database cursor in batches and go up as a multipart
// upload; objects come down as streams and are inserted in batches inside one transaction.

const READ_BATCH_ROWS = 1000;
/** Bind parameters per INSERT stay well below Postgres's 65,535 and MySQL's limits. */
const MAX_PARAMS_PER_INSERT = 30_000;
const MAX_ROWS_PER_INSERT = 500;

function extensionOf(format: TextFormat): string {
  return format.type === "CSV" ? "csv" : format.type === "TSV" ? "tsv" : "txt";
}

/** Where an output S3 node's data goes: its filePath, or a part file in its directoryPath. */
function outputKey(node: S3Node, name?: string): S3Location {
  if (!node.isDirectory) return node.location;
  const dir = node.location.key === "" || node.location.key.endsWith("/") ? node.location.key : `${node.location.key}/`;
  return {
    bucket: node.location.bucket,
    key: `${dir}${name ?? `part-00000.${extensionOf(node.format)}${node.gzip ? ".gz" : ""}`}`,
  };
}

async function inputKeys(node: S3Node, context: ExecutorContext): Promise<S3Location[]> {
  if (!node.isDirectory) return [node.location];
  const keys = await listKeys(context.s3(), node.location, context.signal);
  return keys.map((key) => ({ bucket: node.location.bucket, key }));
}

async function openInput(location: S3Location, node: S3Node, context: ExecutorContext): Promise<Readable> {
  const body = await openObject(context.s3(), location, context.signal);
  return node.gzip ? body.pipe(createGunzip()) : body;
}

/** Uploads what `fill` writes into the stream; an upload failure stops the writer instead of stalling it. */
async function uploadFrom(
  node: S3Node,
  location: S3Location,
  context: ExecutorContext,
  fill: (sink: Writable) => Promise<void>,
): Promise<void> {
  const body = new PassThrough();
  const upload = uploadStream(context.s3(), location, body, context.signal).catch((error: unknown) => {
    body.destroy(error as Error);
    throw error;
  });
  const writing = (async () => {
    if (node.gzip) {
      const gzip = createGzip();
      const piped = pipeline(gzip, body);
      await fill(gzip);
      await piped;
    } else {
      await fill(body);
    }
  })();
  await Promise.all([writing, upload]);
}

async function* selectRows(connection: SqlConnection, node: SqlNode): AsyncGenerator<SqlValue[]> {
  const table = node.table
    ? node.schema
      ? `${connection.quoteIdentifier(node.schema)}.${connection.quoteIdentifier(node.table)}`
      : connection.quoteIdentifier(node.table)
    : "";
  const sql = node.selectQuery ?? `SELECT * FROM ${table}`;
  for await (const batch of connection.streamRows(sql, READ_BATCH_ROWS)) yield* batch.rows;
}

/** Writes every record of `records` into the SQL node: insertQuery per row, or batched multi-row INSERTs into `table`. */
async function insertRecords(
  connection: SqlConnection,
  node: SqlNode,
  columns: string[],
  records: AsyncIterable<SqlValue[]>,
): Promise<number> {
  if (node.createTableSql && node.table && !(await connection.tableExists(node.table, node.schema))) {
    await connection.execute(node.createTableSql);
  }
  let count = 0;
  if (node.insertQuery) {
    const [statement] = splitSqlScript(node.insertQuery, (n) => connection.placeholder(n), {
      backslashEscapes: connection.dialect === "mysql",
    });
    if (!statement) throw new TaskError("InvalidDataNode", `${node.id}: insertQuery holds no statement.`);
    for await (const record of records) {
      if (record.length < statement.placeholders) {
        throw new TaskError(
          "InvalidRecord",
          `${node.id}: record ${count + 1} has ${record.length} values, the insertQuery takes ${statement.placeholders}.`,
        );
      }
      await connection.execute(statement.sql, record.slice(0, statement.placeholders));
      count += 1;
    }
    return count;
  }
  if (!node.table)
    throw new TaskError("InvalidDataNode", `${node.id}: an output SqlDataNode needs a table or an insertQuery.`);
  const target = node.schema
    ? `${connection.quoteIdentifier(node.schema)}.${connection.quoteIdentifier(node.table)}`
    : connection.quoteIdentifier(node.table);
  const columnList = columns.length > 0 ? ` (${columns.map((c) => connection.quoteIdentifier(c)).join(", ")})` : "";
  let batch: SqlValue[][] = [];
  let width = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: SqlValue[] = [];
    const tuples = batch.map((record) => {
      const marks = record.map((value) => {
        params.push(value);
        return connection.placeholder(params.length);
      });
      return `(${marks.join(", ")})`;
    });
    await connection.execute(`INSERT INTO ${target}${columnList} VALUES ${tuples.join(", ")}`, params);
    count += batch.length;
    batch = [];
  };
  for await (const record of records) {
    if (width === 0) width = columns.length > 0 ? columns.length : record.length;
    if (record.length !== width) {
      throw new TaskError(
        "InvalidRecord",
        `${node.id}: record ${count + batch.length + 1} has ${record.length} values, expected ${width}.`,
      );
    }
    batch.push(record);
    if (batch.length >= MAX_ROWS_PER_INSERT || (batch.length + 1) * width > MAX_PARAMS_PER_INSERT) await flush();
  }
  await flush();
  return count;
}

async function* recordsFromS3(node: S3Node, context: ExecutorContext): AsyncGenerator<SqlValue[]> {
  for (const location of await inputKeys(node, context)) {
    const source = await openInput(location, node, context);
    const parser = createRecordParser(node.format);
    source.on("error", (error) => parser.destroy(error));
    for await (const record of source.pipe(parser)) yield record as SqlValue[];
  }
}

async function withTransaction<T>(connection: SqlConnection, fn: () => Promise<T>): Promise<T> {
  await connection.execute("BEGIN");
  try {
    const result = await fn();
    await connection.execute("COMMIT");
    return result;
  } catch (error) {
    await connection.execute("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function copySqlToS3(input: SqlNode, output: S3Node, context: ExecutorContext): Promise<void> {
  const connection = await openSqlConnection(input.database, context.signal);
  try {
    await uploadFrom(output, outputKey(output), context, (sink) =>
      pipeline(Readable.from(selectRows(connection, input)), createRecordWriter(output.format), sink, { end: true }),
    );
  } catch (error) {
    throw error instanceof TaskError ? error : databaseError(input.database, error);
  } finally {
    await connection.close();
  }
}

async function copyS3ToSql(input: S3Node, output: SqlNode, context: ExecutorContext): Promise<number> {
  const connection = await openSqlConnection(output.database, context.signal);
  try {
    return await withTransaction(connection, () =>
      insertRecords(connection, output, input.format.columns, recordsFromS3(input, context)),
    );
  } catch (error) {
    throw databaseError(output.database, error);
  } finally {
    await connection.close();
  }
}

async function copySqlToSql(input: SqlNode, output: SqlNode, context: ExecutorContext): Promise<number> {
  const from = await openSqlConnection(input.database, context.signal);
  try {
    const to = await openSqlConnection(output.database, context.signal);
    try {
      return await withTransaction(to, () => insertRecords(to, output, [], selectRows(from, input)));
    } catch (error) {
      throw databaseError(output.database, error);
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

function reformat(input: TextFormat, output: TextFormat): Transform[] {
  return sameTextFormat(input, output) ? [] : [createRecordParser(input), createRecordWriter(output)];
}

async function copyS3ToS3(input: S3Node, output: S3Node, context: ExecutorContext): Promise<void> {
  const sources = await inputKeys(input, context);
  if (sources.length === 0)
    throw new TaskError(
      "InputNotFound",
      `${input.id}: no objects under s3://${input.location.bucket}/${input.location.key}.`,
    );
  // A data format on one side only means "the same text": bytes are copied as they are.
  const outputFormat = output.hasFormat ? output.format : input.format;
  const inputFormat = input.hasFormat ? input.format : outputFormat;
  const writeAll = async (sink: Writable, locations: S3Location[]) => {
    for (const [index, location] of locations.entries()) {
      const source = await openInput(location, input, context);
      const isLast = index === locations.length - 1;
      const steps = reformat(inputFormat, outputFormat);
      const streams: (NodeJS.ReadableStream | NodeJS.ReadWriteStream | NodeJS.WritableStream)[] = [
        source,
        ...steps,
        sink,
      ];
      await pipeline(streams, { end: isLast });
    }
    if (locations.length === 0) sink.end();
  };
  if (!output.isDirectory) {
    await uploadFrom(output, outputKey(output), context, (sink) => writeAll(sink, sources));
    return;
  }
  for (const location of sources) {
    const base = location.key.split("/").pop() ?? "part-00000";
    const name =
      output.gzip && !base.endsWith(".gz")
        ? `${base}.gz`
        : !output.gzip && base.endsWith(".gz") && input.gzip
          ? base.slice(0, -3)
          : base;
    await uploadFrom(output, outputKey(output, name), context, (sink) => writeAll(sink, [location]));
  }
}

function describeNode(node: DataNode): string {
  return node.kind === "s3"
    ? `s3://${node.location.bucket}/${node.location.key}`
    : `${node.database.label} ${node.table ?? "(query)"}`;
}

export const runCopyActivity: TaskExecutor = async (view, context) => {
  const inputs = view.refs(view.attempt, "input");
  const outputs = view.refs(view.attempt, "output");
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new TaskError(
      "InvalidCopyActivity",
      `CopyActivity needs exactly one input and one output data node (got ${inputs.length} and ${outputs.length}).`,
    );
  }
  const input = readDataNode(view, inputs[0]!);
  const output = readDataNode(view, outputs[0]!);
  let rows: number | undefined;
  if (input.kind === "sql" && output.kind === "s3") await copySqlToS3(input, output, context);
  else if (input.kind === "s3" && output.kind === "sql") rows = await copyS3ToSql(input, output, context);
  else if (input.kind === "s3" && output.kind === "s3") await copyS3ToS3(input, output, context);
  else if (input.kind === "sql" && output.kind === "sql") rows = await copySqlToSql(input, output, context);
  context.log("copied", {
    from: describeNode(input),
    to: describeNode(output),
    ...(rows !== undefined ? { rows } : {}),
  });
  return FINISHED;
};
