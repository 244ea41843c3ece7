import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import type { PipelineObject } from "@aws-sdk/client-data-pipeline";
import mysql from "mysql2/promise";
import { Client } from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sdk } from "./helpers";
import {
  createDataDatabase,
  S3_CREDENTIALS,
  spawnRunner,
  startLocalS3,
  type LocalS3,
  type RunnerProcess,
} from "./local-services";
import { describe1, instanceIds, startPipeline, str, uniqueGroup } from "./runner-helpers";
import { pipelineObject } from "./fixtures";

// The reference runner does real work against real services the test starts: SqlActivity and
// SqlDataNode on a Postgres database, S3DataNode, CopyActivity and the S3 preconditions on an
// S3-compatible server (s3rver), and a MySQL-family server when one runs on this machine.

const client = sdk();
const mysqlUp = await mysqlListening();
const BUCKET = "ph-data";
let s3: LocalS3;
let data: Awaited<ReturnType<typeof createDataDatabase>>;
const runners: RunnerProcess[] = [];

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  data = await createDataDatabase();
});

afterAll(async () => {
  await s3?.stop();
  await data?.drop();
});

afterEach(() => {
  for (const r of runners.splice(0)) r.child.kill("SIGKILL");
});

function runner(group: string): RunnerProcess {
  const r = spawnRunner(group, ["--once", "--concurrency", "2"], {
    PIPELINEHOUSE_S3_ENDPOINT: s3.endpoint,
    PIPELINEHOUSE_S3_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    PIPELINEHOUSE_S3_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
  });
  runners.push(r);
  return r;
}

const o = pipelineObject;

async function dataQuery<T extends object>(sql: string): Promise<T[]> {
  const db = new Client({ connectionString: data.url });
  await db.connect();
  try {
    return (await db.query<T>(sql)).rows;
  } finally {
    await db.end();
  }
}

/** Runs the runner until every instance of the pipeline has ended; returns status by component. */
async function runToEnd(
  pipelineId: string,
  group: string,
  expectedInstances: number,
  timeoutMs = 45_000,
): Promise<Map<string, PipelineObject>> {
  const deadline = Date.now() + timeoutMs;
  let r = runner(group);
  for (;;) {
    const ids = await instanceIds(client, pipelineId);
    const objects = await Promise.all(ids.map((id) => describe1(client, pipelineId, id)));
    const ended = objects.filter((x) =>
      ["FINISHED", "FAILED", "CASCADE_FAILED", "CANCELED", "TIMEDOUT"].includes(str(x, "@status") ?? ""),
    );
    if (ids.length >= expectedInstances && ended.length === ids.length) {
      return new Map(
        objects.map((x) => [x!.fields!.find((f) => f.key === "@componentParent")?.refValue ?? x!.id!, x!]),
      );
    }
    if (Date.now() > deadline)
      throw new Error(
        `pipeline did not end: ${objects.map((x) => `${x?.id}=${str(x, "@status")}`).join(", ")}\n${r.output()}`,
      );
    // --once exits on an empty poll; start another while work (retries, dependents) remains.
    if (r.child.exitCode !== null) r = runner(group);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** "Component: STATUS", with the head attempt's error or the cascade source when it did not finish. */
async function outcomes(
  pipelineId: string,
  byComponent: Map<string, PipelineObject>,
  ids: string[],
): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      const instance = byComponent.get(id);
      const status = str(instance, "@status");
      if (status === "FINISHED") return `${id}: FINISHED`;
      const attemptId = instance?.fields?.find((f) => f.key === "@headAttempt")?.refValue;
      const attempt = attemptId ? await describe1(client, pipelineId, attemptId) : undefined;
      const cascade = instance?.fields?.find((f) => f.key === "@cascadeFailedOn")?.refValue;
      return `${id}: ${status} ${str(attempt, "errorId") ?? ""} ${str(attempt, "errorMessage") ?? ""} ${cascade ?? ""}`;
    }),
  );
}

function postgresDatabase(id: string): PipelineObject {
  const url = new URL(data.url);
  return o(id, {
    type: "JdbcDatabase",
    connectionString: `jdbc:postgresql://${url.hostname}:${url.port || 5432}/${data.name}`,
    username: decodeURIComponent(url.username || "postgres"),
    // An empty field is refused by validation, as on AWS: leave it out for a password-less server.
    ...(url.password ? { "*password": decodeURIComponent(url.password) } : {}),
  });
}

describe("reference runner: SQL and S3 work", () => {
  it("runs SqlActivity, copies SQL -> S3, S3 (TSV) -> SQL and S3 -> S3 with preconditions, all end to end", async () => {
    const group = uniqueGroup("work");
    await s3.put(BUCKET, "in/people.tsv", "1\tAda\tlondon\n2\tGrace\t\n3\tLinus\thelsinki\n");
    await s3.put(BUCKET, "in/extra.tsv.gz", gzipSync("9\tKen\tnj\n"));
    const objects: PipelineObject[] = [
      o("Default", {
        scheduleType: "ondemand",
        workerGroup: group,
        maximumRetries: "0",
        failureAndRerunMode: "CASCADE",
      }),
      postgresDatabase("Db"),
      o("Seed", {
        type: "SqlActivity",
        database: { ref: "Db" },
        script:
          "CREATE TABLE src (id int, name text, note text); INSERT INTO src VALUES (?::int, ?, NULL), (2, 'b,c', ''), (3, 'say \"hi\"', 'x;y')",
        scriptArgument: ["1", "alpha"],
      }),
      o("SrcTable", {
        type: "SqlDataNode",
        database: { ref: "Db" },
        table: "src",
        selectQuery: "SELECT id, name, note FROM src ORDER BY id",
      }),
      o("OutCsv", { type: "S3DataNode", filePath: `s3://${BUCKET}/out/src.csv` }),
      o("Export", {
        type: "CopyActivity",
        input: { ref: "SrcTable" },
        output: { ref: "OutCsv" },
        dependsOn: { ref: "Seed" },
      }),
      o("Tsv", { type: "TSV", column: ["id INT", "name STRING", "city STRING"] }),
      o("PeopleReady", { type: "S3KeyExists", s3Key: `s3://${BUCKET}/in/people.tsv` }),
      o("PeopleTsv", {
        type: "S3DataNode",
        filePath: `s3://${BUCKET}/in/people.tsv`,
        dataFormat: { ref: "Tsv" },
        precondition: { ref: "PeopleReady" },
      }),
      o("PeopleTable", {
        type: "SqlDataNode",
        database: { ref: "Db" },
        table: "people",
        createTableSql: "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, city text)",
      }),
      o("Load", { type: "CopyActivity", input: { ref: "PeopleTsv" }, output: { ref: "PeopleTable" } }),
      o("InputsThere", { type: "S3PrefixNotEmpty", s3Prefix: `s3://${BUCKET}/in/` }),
      o("Csv", { type: "CSV" }),
      o("PeopleCsv", { type: "S3DataNode", filePath: `s3://${BUCKET}/mirror/people.csv`, dataFormat: { ref: "Csv" } }),
      o("Mirror", {
        type: "CopyActivity",
        input: { ref: "PeopleTsv" },
        output: { ref: "PeopleCsv" },
        precondition: { ref: "InputsThere" },
      }),
      o("ExtraGz", {
        type: "S3DataNode",
        filePath: `s3://${BUCKET}/in/extra.tsv.gz`,
        compression: "gzip",
        precondition: { ref: "ExtraExists" },
      }),
      o("ExtraExists", { type: "Exists" }),
      o("ExtraPlain", { type: "S3DataNode", directoryPath: `s3://${BUCKET}/plain` }),
      o("Unzip", { type: "CopyActivity", input: { ref: "ExtraGz" }, output: { ref: "ExtraPlain" } }),
    ];
    const pipelineId = await startPipeline(client, objects);
    const byComponent = await runToEnd(pipelineId, group, 12);

    expect(
      await outcomes(pipelineId, byComponent, [
        "Seed",
        "Export",
        "Load",
        "Mirror",
        "Unzip",
        "PeopleReady",
        "InputsThere",
        "ExtraExists",
      ]),
    ).toEqual(
      ["Seed", "Export", "Load", "Mirror", "Unzip", "PeopleReady", "InputsThere", "ExtraExists"].map(
        (id) => `${id}: FINISHED`,
      ),
    );
    // SQL -> S3: no header, NULL empty, '' quoted, quotes doubled, as AWS writes CSV.
    expect(await s3.get(BUCKET, "out/src.csv")).toBe('1,alpha,\n2,"b,c",""\n3,"say ""hi""",x;y\n');
    // S3 (TSV, columns from the DataFormat) -> SQL, into a table createTableSql made; an empty field is NULL.
    expect(await dataQuery("SELECT id, name, city FROM people ORDER BY id")).toEqual([
      { id: 1, name: "Ada", city: "london" },
      { id: 2, name: "Grace", city: null },
      { id: 3, name: "Linus", city: "helsinki" },
    ]);
    // S3 -> S3 with a format change (TSV -> CSV) and gzip -> plain into a directory.
    expect(await s3.get(BUCKET, "mirror/people.csv")).toBe("1,Ada,london\n2,Grace,\n3,Linus,helsinki\n");
    expect(await s3.get(BUCKET, "plain/extra.tsv")).toBe("9\tKen\tnj\n");
  });

  it("streams a large table to S3 and back without holding it (Exists checks the table first)", async () => {
    const group = uniqueGroup("big");
    await dataQuery("CREATE TABLE big AS SELECT g AS id, md5(g::text) AS hash FROM generate_series(1, 50000) g");
    const objects: PipelineObject[] = [
      o("Default", {
        scheduleType: "ondemand",
        workerGroup: group,
        maximumRetries: "0",
        failureAndRerunMode: "CASCADE",
      }),
      postgresDatabase("Db"),
      o("Big", { type: "SqlDataNode", database: { ref: "Db" }, table: "big", precondition: { ref: "BigThere" } }),
      o("BigThere", { type: "Exists" }),
      o("Dump", { type: "S3DataNode", directoryPath: `s3://${BUCKET}/big`, compression: "gzip" }),
      o("Out", { type: "CopyActivity", input: { ref: "Big" }, output: { ref: "Dump" } }),
      o("DumpIn", { type: "S3DataNode", directoryPath: `s3://${BUCKET}/big`, compression: "gzip" }),
      o("Copy", {
        type: "SqlDataNode",
        database: { ref: "Db" },
        table: "big_copy",
        createTableSql: "CREATE TABLE big_copy (id int, hash text)",
      }),
      o("Back", { type: "CopyActivity", input: { ref: "DumpIn" }, output: { ref: "Copy" }, dependsOn: { ref: "Out" } }),
    ];
    const pipelineId = await startPipeline(client, objects);
    const byComponent = await runToEnd(pipelineId, group, 6, 90_000);
    expect(await outcomes(pipelineId, byComponent, ["BigThere", "Out", "Back"])).toEqual([
      "BigThere: FINISHED",
      "Out: FINISHED",
      "Back: FINISHED",
    ]);
    expect(await dataQuery("SELECT count(*)::int AS n, sum(id)::bigint::text AS s FROM big_copy")).toEqual([
      { n: 50000, s: String((50000 * 50001) / 2) },
    ]);
  });

  it("fails with the driver's message, reports a missing key as not met, and fails unsupported types at once", async () => {
    const group = uniqueGroup("bad");
    const objects: PipelineObject[] = [
      o("Default", {
        scheduleType: "ondemand",
        workerGroup: group,
        maximumRetries: "0",
        failureAndRerunMode: "CASCADE",
      }),
      o("Down", {
        type: "JdbcDatabase",
        connectionString: "jdbc:postgresql://127.0.0.1:1/nowhere",
        username: "x",
        "*password": "y",
      }),
      o("Unreachable", { type: "SqlActivity", database: { ref: "Down" }, script: "SELECT 1" }),
      postgresDatabase("Db"),
      o("BadSql", { type: "SqlActivity", database: { ref: "Db" }, script: "SELECT 1; SELEC oops" }),
      o("Emr", { type: "EmrActivity", step: "x" }),
      o("NoBucket", { type: "S3PrefixNotEmpty", s3Prefix: "s3://no-such-bucket/x/" }),
      o("Guarded", { type: "ShellCommandActivity", command: "true", precondition: { ref: "NoBucket" } }),
      o("MissingKey", { type: "S3KeyExists", s3Key: `s3://${BUCKET}/not/there.csv` }),
      o("Waits", { type: "ShellCommandActivity", command: "true", precondition: { ref: "MissingKey" } }),
    ];
    const pipelineId = await startPipeline(client, objects);
    const byComponent = await runToEnd(pipelineId, group, 7);
    expect(str(byComponent.get("Unreachable"), "@status")).toBe("FAILED");
    const attemptOf = async (component: string) => {
      const instance = byComponent.get(component)!;
      const attemptId = instance.fields!.find((f) => f.key === "@headAttempt")?.refValue;
      return describe1(client, pipelineId, attemptId!);
    };
    const unreachable = await attemptOf("Unreachable");
    expect(str(unreachable, "errorId")).toBe("DatabaseError");
    expect(str(unreachable, "errorMessage")).toMatch(/postgresql:\/\/127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/);
    const badSql = await attemptOf("BadSql");
    expect(str(badSql, "errorMessage")).toMatch(/statement 2 of 2: .*syntax error/);
    const emr = await attemptOf("Emr");
    expect({ id: str(emr, "errorId"), message: str(emr, "errorMessage") }).toMatchObject({
      id: "UnsupportedTaskType",
      message: expect.stringContaining("EmrActivity is not supported"),
    });
    const noBucket = await attemptOf("NoBucket");
    expect(str(noBucket, "errorId")).toBe("S3Error");
    expect(str(noBucket, "errorMessage")).toContain("s3://no-such-bucket/x/: NoSuchBucket");
    expect(str(byComponent.get("Guarded"), "@status")).toBe("CASCADE_FAILED");
    // A missing key is "not met" (FALSE), checked again until preconditionTimeout, not an error.
    const missing = await attemptOf("MissingKey");
    expect(str(missing, "errorId")).toBe("Service_PreconditionNotMet");
  });

  // MariaDB/MySQL on 127.0.0.1:3306 (root, no password, database `test`) when this machine runs one.
  it.skipIf(!mysqlUp)("runs SqlActivity on MySQL through mysql2 and copies its rows to S3 and back", async () => {
    const group = uniqueGroup("mysql");
    const table = `ph_${Date.now()}`;
    const objects: PipelineObject[] = [
      o("Default", {
        scheduleType: "ondemand",
        workerGroup: group,
        maximumRetries: "0",
        failureAndRerunMode: "CASCADE",
      }),
      o("My", { type: "JdbcDatabase", connectionString: "jdbc:mysql://127.0.0.1:3306/test", username: "root" }),
      o("Make", {
        type: "SqlActivity",
        database: { ref: "My" },
        script: `CREATE TABLE ${table} (id INT, name VARCHAR(20), at DATETIME); INSERT INTO ${table} VALUES (?, ?, '2026-11-30 10:00:00'), (2, NULL, NULL)`,
        scriptArgument: ["1", "x,y"],
      }),
      o("Rows", { type: "MySqlDataNode", database: { ref: "My" }, table }),
      o("Csv", { type: "S3DataNode", filePath: `s3://${BUCKET}/mysql/${table}.csv` }),
      o("Out", { type: "CopyActivity", input: { ref: "Rows" }, output: { ref: "Csv" }, dependsOn: { ref: "Make" } }),
      o("CsvIn", { type: "S3DataNode", filePath: `s3://${BUCKET}/mysql/${table}.csv` }),
      o("Back", {
        type: "SqlDataNode",
        database: { ref: "My" },
        table: `${table}_copy`,
        createTableSql: `CREATE TABLE ${table}_copy (id INT, name VARCHAR(20), at DATETIME)`,
      }),
      o("In", { type: "CopyActivity", input: { ref: "CsvIn" }, output: { ref: "Back" }, dependsOn: { ref: "Out" } }),
    ];
    const pipelineId = await startPipeline(client, objects);
    const byComponent = await runToEnd(pipelineId, group, 7);
    expect(await outcomes(pipelineId, byComponent, ["Make", "Out", "In"])).toEqual([
      "Make: FINISHED",
      "Out: FINISHED",
      "In: FINISHED",
    ]);
    expect(await s3.get(BUCKET, `mysql/${table}.csv`)).toBe('1,"x,y",2026-11-30 10:00:00\n2,,\n');
    const my = await mysql.createConnection({
      host: "127.0.0.1",
      port: 3306,
      user: "root",
      database: "test",
      dateStrings: true,
    });
    try {
      const [rows] = await my.query(`SELECT id, name, at FROM ${table}_copy ORDER BY id`);
      expect(rows).toEqual([
        { id: 1, name: "x,y", at: "2026-11-30 10:00:00" },
        { id: 2, name: null, at: null },
      ]);
    } finally {
      await my.query(`DROP TABLE IF EXISTS ${table}, ${table}_copy`);
      await my.end();
    }
  });
});

async function mysqlListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(3306, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
