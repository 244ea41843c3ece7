import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { resolveLocalPath } from "../plan-shell-task";
import { readDatabaseConfig } from "./database-config";
import { FINISHED, type TaskExecutor } from "./executor";
import { openObject, parseS3Url } from "./s3-location";
import { databaseError, openSqlConnection } from "./sql-connection";
import { bindArguments, splitSqlScript } from "./sql-script";
import { str, strs, TaskError, type TaskView } from "./task-view";
import type { ExecutorContext } from "./executor";

// SqlActivity: runs `script` (or the file at `scriptUri`, local or s3://) on its `database`, with
// each scriptArgument bound to a `?` in order. The statements run one after another in a single
// transaction, so a failing statement leaves nothing half-done.

async function loadScript(view: TaskView, context: ExecutorContext): Promise<string> {
  const inline = str(view.attempt, "script");
  if (inline) return inline;
  const uri = str(view.attempt, "scriptUri");
  if (!uri) throw new TaskError("MissingScript", "SqlActivity has neither a script nor a scriptUri field.");
  if (/^s3[an]?:\/\//i.test(uri)) {
    const location = parseS3Url(uri, "scriptUri");
    return text(await openObject(context.s3(), location, context.signal));
  }
  const local = resolveLocalPath(uri);
  if (local === undefined)
    throw new TaskError(
      "UnsupportedScriptUri",
      `scriptUri ${uri} is not supported: use s3://, a local path or a file:// URL.`,
    );
  try {
    return await readFile(local, "utf8");
  } catch (error) {
    throw new TaskError("ScriptNotFound", `scriptUri ${uri}: ${(error as Error).message}`);
  }
}

export const runSqlActivity: TaskExecutor = async (view, context) => {
  const databaseObject = view.ref(view.attempt, "database");
  if (!databaseObject)
    throw new TaskError(
      "MissingDatabase",
      "SqlActivity has no database (or the server did not send the object it refers to).",
    );
  const config = readDatabaseConfig(databaseObject);
  const script = await loadScript(view, context);
  const connection = await openSqlConnection(config, context.signal);
  try {
    const statements = splitSqlScript(script, (n) => connection.placeholder(n), {
      backslashEscapes: connection.dialect === "mysql",
    });
    if (statements.length === 0) throw new TaskError("MissingScript", "The SqlActivity script holds no statement.");
    let bound: { sql: string; params: string[] }[];
    try {
      bound = bindArguments(statements, strs(view.attempt, "scriptArgument"));
    } catch (error) {
      throw new TaskError("InvalidScriptArgument", (error as Error).message);
    }
    await connection.execute("BEGIN");
    try {
      for (const [index, s] of bound.entries()) {
        try {
          await connection.execute(s.sql, s.params);
        } catch (error) {
          const e = databaseError(config, error);
          throw new TaskError(e.errorId, `statement ${index + 1} of ${bound.length}: ${e.message}`);
        }
      }
      await connection.execute("COMMIT");
    } catch (error) {
      await connection.execute("ROLLBACK").catch(() => undefined);
      throw error;
    }
    context.log("sql", { statements: bound.length, database: config.label });
    return FINISHED;
  } catch (error) {
    throw databaseError(config, error);
  } finally {
    await connection.close();
  }
};
