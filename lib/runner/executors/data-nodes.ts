import type { PipelineObject } from "@aws-sdk/client-data-pipeline";
import { readDatabaseConfig, type DatabaseConfig } from "./database-config";
import { readTextFormat, type TextFormat } from "./data-format";
import { parseS3Url, type S3Location } from "./s3-location";
import { str, TaskError, typeOf, type TaskView } from "./task-view";

// The two data node types the runner copies between, read as AWS's object reference describes them.

export interface S3Node {
  kind: "s3";
  id: string;
  /** filePath: one object; directoryPath: every object under the prefix. */
  location: S3Location;
  isDirectory: boolean;
  gzip: boolean;
  format: TextFormat;
  hasFormat: boolean;
}

export interface SqlNode {
  kind: "sql";
  id: string;
  database: DatabaseConfig;
  table: string | undefined;
  schema: string | undefined;
  selectQuery: string | undefined;
  insertQuery: string | undefined;
  createTableSql: string | undefined;
}

export type DataNode = S3Node | SqlNode;

export function readS3Node(view: TaskView, node: PipelineObject): S3Node {
  const filePath = str(node, "filePath");
  const directoryPath = str(node, "directoryPath");
  if (!filePath && !directoryPath)
    throw new TaskError("InvalidDataNode", `S3DataNode ${node.id} has neither filePath nor directoryPath.`);
  const compression = (str(node, "compression") ?? "none").toLowerCase();
  if (compression !== "none" && compression !== "gzip") {
    throw new TaskError(
      "UnsupportedCompression",
      `S3DataNode ${node.id}: compression ${compression} is not supported (none or gzip).`,
    );
  }
  const formatObject = view.ref(node, "dataFormat");
  return {
    kind: "s3",
    id: node.id ?? "S3DataNode",
    location: filePath
      ? parseS3Url(filePath, `${node.id} filePath`)
      : parseS3Url(directoryPath!, `${node.id} directoryPath`),
    isDirectory: !filePath,
    gzip: compression === "gzip",
    format: readTextFormat(formatObject),
    hasFormat: formatObject !== undefined,
  };
}

export function readSqlNode(view: TaskView, node: PipelineObject): SqlNode {
  const database = view.ref(node, "database");
  if (!database)
    throw new TaskError(
      "InvalidDataNode",
      `${typeOf(node)} ${node.id} has no database (or the server did not send it).`,
    );
  const table = str(node, "table");
  const selectQuery = str(node, "selectQuery");
  if (!table && !selectQuery && !str(node, "insertQuery")) {
    throw new TaskError("InvalidDataNode", `${typeOf(node)} ${node.id} has no table, selectQuery or insertQuery.`);
  }
  return {
    kind: "sql",
    id: node.id ?? "SqlDataNode",
    database: readDatabaseConfig(database),
    table,
    schema: str(node, "schemaName"),
    selectQuery,
    insertQuery: str(node, "insertQuery"),
    createTableSql: str(node, "createTableSql"),
  };
}

const SQL_NODE_TYPES = new Set(["SqlDataNode", "MySqlDataNode"]);

export function readDataNode(view: TaskView, node: PipelineObject): DataNode {
  const type = typeOf(node);
  if (type === "S3DataNode") return readS3Node(view, node);
  if (type && SQL_NODE_TYPES.has(type)) return readSqlNode(view, node);
  throw new TaskError(
    "UnsupportedDataNode",
    `Data node ${node.id} has type ${type ?? "(missing)"}; this runner copies between S3DataNode and SqlDataNode (or MySqlDataNode).`,
  );
}
