import { readDataNode } from "./data-nodes";
import { FINISHED, NOT_MET, type TaskExecutor } from "./executor";
import { keyExists, parseS3Url, prefixNotEmpty } from "./s3-location";
import { databaseError, openSqlConnection } from "./sql-connection";
import { str, TaskError, typeOf } from "./task-view";

// Preconditions answer FINISHED (met) or FALSE (not met, checked again until preconditionTimeout);
// a store that cannot be reached is an error (FAILED), not "not met".

export const runS3KeyExists: TaskExecutor = async (view, context) => {
  const key = str(view.attempt, "s3Key");
  if (!key) throw new TaskError("MissingField", "S3KeyExists has no s3Key.");
  return (await keyExists(context.s3(), parseS3Url(key, "s3Key"), context.signal)) ? FINISHED : NOT_MET;
};

export const runS3PrefixNotEmpty: TaskExecutor = async (view, context) => {
  const prefix = str(view.attempt, "s3Prefix");
  if (!prefix) throw new TaskError("MissingField", "S3PrefixNotEmpty has no s3Prefix.");
  return (await prefixNotEmpty(context.s3(), parseS3Url(prefix, "s3Prefix"), context.signal)) ? FINISHED : NOT_MET;
};

/** Exists: the data node the precondition guards exists (its S3 object or prefix, its table). */
export const runExists: TaskExecutor = async (view, context) => {
  const node = view.ref(view.attempt, "node");
  if (!node)
    throw new TaskError(
      "MissingNode",
      "Exists has no data node to check (it must be the precondition of a data node).",
    );
  const type = typeOf(node);
  if (type !== "S3DataNode" && type !== "SqlDataNode" && type !== "MySqlDataNode") {
    throw new TaskError(
      "UnsupportedPrecondition",
      `Exists on ${type ?? "an untyped object"} ${node.id} is not supported; this runner checks S3DataNode and SqlDataNode.`,
    );
  }
  const dataNode = readDataNode(view, node);
  if (dataNode.kind === "s3") {
    const found = dataNode.isDirectory
      ? await prefixNotEmpty(context.s3(), dataNode.location, context.signal)
      : await keyExists(context.s3(), dataNode.location, context.signal);
    return found ? FINISHED : NOT_MET;
  }
  if (!dataNode.table)
    throw new TaskError("InvalidDataNode", `Exists on ${node.id}: the SqlDataNode has no table to look for.`);
  const connection = await openSqlConnection(dataNode.database, context.signal);
  try {
    return (await connection.tableExists(dataNode.table, dataNode.schema)) ? FINISHED : NOT_MET;
  } catch (error) {
    throw databaseError(dataNode.database, error);
  } finally {
    await connection.close();
  }
};
