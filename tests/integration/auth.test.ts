import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  CreatePipelineCommand,
  DataPipelineServiceException,
  DeletePipelineCommand,
  DescribePipelinesCommand,
  ListPipelinesCommand,
  PollForTaskCommand,
  SetTaskStatusCommand,
  ReportTaskProgressCommand,
} from "@aws-sdk/client-data-pipeline";
import { beforeAll, describe, expect, it } from "vitest";
import { oneStepOnDemand } from "./fixtures";
import {
  admin,
  createKey,
  endpoint,
  insertKey,
  presignedUrl,
  rawCall,
  sdk,
  signedFetch,
  tableCounts,
  uniqueName,
  withDb,
  type Credentials,
} from "./helpers";
import { runnerEnv, startPipeline, uniqueGroup } from "./runner-helpers";

// Every API call is verified with SigV4 against the access keys of the database: right, wrong,
// unknown, disabled and expired credentials with the JS SDK, boto3 and the AWS CLI; the presigned
// query form; what each role may call; two accounts that use the same worker group name.

const run = promisify(execFile);
type Key = Credentials & { account: string; role: string };
let keys: Record<"admin" | "operator" | "runner" | "readonly" | "otherOperator" | "otherRunner" | "doomed", Key>;
const teamA = uniqueName("team-a").slice(0, 60);
const teamB = uniqueName("team-b").slice(0, 60);

beforeAll(async () => {
  // Straight into the database (many keys, fast); the admin CLI itself is exercised below.
  const adminKey = await insertKey(teamA, "admin");
  const operator = await insertKey(teamA, "operator");
  const runner = await insertKey(teamA, "runner");
  const readonly = await insertKey(teamA, "readonly");
  const otherOperator = await insertKey(teamB, "operator");
  const otherRunner = await insertKey(teamB, "runner");
  keys = { admin: adminKey, operator, runner, readonly, otherOperator, otherRunner, doomed: operator };
}, 60_000);

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as DataPipelineServiceException;
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error("the call succeeded");
}

const listBody = "{}";

describe("SigV4 with the JS SDK", () => {
  it("serves the right key and refuses a wrong secret, an unknown key and no signature, writing nothing", async () => {
    await sdk({ credentials: keys.operator }).send(new ListPipelinesCommand({}));
    const before = await tableCounts();
    const wrong = await errorOf(
      sdk({ credentials: { ...keys.operator, secretAccessKey: "x".repeat(40) } }).send(
        new CreatePipelineCommand({ name: "n", uniqueId: "u" }),
      ),
    );
    expect(wrong).toMatchObject({ name: "InvalidSignatureException", status: 403 });
    const unknown = await errorOf(
      sdk({ credentials: { accessKeyId: "PHAKNOSUCHKEY0000000", secretAccessKey: "x".repeat(40) } }).send(
        new CreatePipelineCommand({ name: "n", uniqueId: "u" }),
      ),
    );
    expect(unknown).toMatchObject({ name: "UnrecognizedClientException", status: 403 });
    const unsigned = await rawCall(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: "n", uniqueId: "u" }),
      {},
      "/",
      { credentials: false },
    );
    expect(unsigned.status).toBe(403);
    expect(unsigned.json).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
      requestId: unsigned.headers.get("x-amzn-requestid"),
    });
    const tampered = await rawCall(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: "n", uniqueId: "u" }),
      {},
      "/",
      {
        credentials: keys.operator,
        tamper: (h) => ({ ...h, "x-amz-target": "DataPipeline.DeletePipeline" }),
      },
    );
    expect(tampered.json?.__type).toBe("InvalidSignatureException");
    const incomplete = await rawCall("DataPipeline.ListPipelines", listBody, {}, "/", {
      credentials: keys.operator,
      tamper: (h) => ({ ...h, authorization: h.authorization!.replace(/, Signature=.*/, "") }),
    });
    expect(incomplete).toMatchObject({ status: 400, json: { __type: "IncompleteSignatureException" } });
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses signatures older or newer than 15 minutes, and accepts any region", async () => {
    const old = await rawCall("DataPipeline.ListPipelines", listBody, {}, "/", {
      credentials: keys.operator,
      signingDate: new Date(Date.now() - 16 * 60_000),
    });
    expect(old).toMatchObject({ status: 403, json: { __type: "InvalidSignatureException" } });
    expect(String(old.json?.message)).toMatch(/Signature expired/);
    const future = await rawCall("DataPipeline.ListPipelines", listBody, {}, "/", {
      credentials: keys.operator,
      signingDate: new Date(Date.now() + 16 * 60_000),
    });
    expect(future.json?.__type).toBe("InvalidSignatureException");
    const skewed = await rawCall("DataPipeline.ListPipelines", listBody, {}, "/", {
      credentials: keys.operator,
      signingDate: new Date(Date.now() - 10 * 60_000),
      region: "ap-southeast-2",
    });
    expect(skewed.status).toBe(200);
  });

  it("serves a key made by the admin CLI, records its use, refuses it once disabled and forgets it once deleted", async () => {
    const doomed = await createKey(teamA, "operator");
    expect(doomed).toMatchObject({ account: teamA, role: "operator" });
    expect(doomed.accessKeyId).toMatch(/^[A-Z0-9]{16,128}$/);
    expect(doomed.secretAccessKey).toHaveLength(40);
    const client = sdk({ credentials: doomed });
    await client.send(new ListPipelinesCommand({}));
    await admin("disable-key", doomed.accessKeyId);
    expect(await errorOf(client.send(new ListPipelinesCommand({})))).toMatchObject({
      name: "UnrecognizedClientException",
    });
    const row = await withDb((db) =>
      db.query<{ last_used_at: Date | null; secret_encrypted: Buffer }>(
        "SELECT last_used_at, secret_encrypted FROM access_keys WHERE access_key_id = $1",
        [doomed.accessKeyId],
      ),
    );
    expect(row.rows[0]?.last_used_at).toBeTruthy();
    expect(row.rows[0]?.secret_encrypted.toString("latin1")).not.toContain(doomed.secretAccessKey);
    await admin("delete-key", doomed.accessKeyId);
    expect(await errorOf(client.send(new ListPipelinesCommand({})))).toMatchObject({
      name: "UnrecognizedClientException",
    });
  }, 240_000);
});

describe("roles", () => {
  it("lets readonly read and refuses its writes with AccessDeniedException, writing nothing", async () => {
    const ro = sdk({ credentials: keys.readonly });
    await ro.send(new ListPipelinesCommand({}));
    const before = await tableCounts();
    const denied = await errorOf(ro.send(new CreatePipelineCommand({ name: uniqueName(), uniqueId: "x" })));
    expect(denied).toMatchObject({ name: "AccessDeniedException", status: 403 });
    expect(denied.message).toMatch(/datapipeline:CreatePipeline/);
    expect(await errorOf(ro.send(new PollForTaskCommand({ workerGroup: "wg" })))).toMatchObject({
      name: "AccessDeniedException",
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("lets runner run tasks and refuses the control plane", async () => {
    const rn = sdk({ credentials: keys.runner });
    expect(await errorOf(rn.send(new ListPipelinesCommand({})))).toMatchObject({ name: "AccessDeniedException" });
    expect(await errorOf(rn.send(new DeletePipelineCommand({ pipelineId: "df-00000000000000000000" })))).toMatchObject({
      name: "AccessDeniedException",
    });
    const group = uniqueGroup("role");
    await startPipeline(sdk({ credentials: keys.operator }), oneStepOnDemand(group, "Step"));
    const task = (await rn.send(new PollForTaskCommand({ workerGroup: group }))).taskObject;
    expect(task?.taskId).toBeTruthy();
    await rn.send(new ReportTaskProgressCommand({ taskId: task!.taskId! }));
    await rn.send(new SetTaskStatusCommand({ taskId: task!.taskId!, taskStatus: "FINISHED" }));
  });

  it("lets admin and operator call everything", async () => {
    for (const k of [keys.admin, keys.operator]) {
      const c = sdk({ credentials: k });
      const { pipelineId } = await c.send(new CreatePipelineCommand({ name: uniqueName(), uniqueId: "x" }));
      await c.send(new DeletePipelineCommand({ pipelineId: pipelineId! }));
    }
  });
});

describe("accounts", () => {
  it("two accounts polling a worker group of the same name get only their own tasks and see only their own pipelines", async () => {
    const group = uniqueGroup("shared");
    const objects = (cmd: string) => [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: group },
        ],
      },
      {
        id: "Step",
        name: "Step",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: cmd },
        ],
      },
    ];
    const a = sdk({ credentials: keys.operator });
    const b = sdk({ credentials: keys.otherOperator });
    const pa = await startPipeline(a, objects("echo a"));
    const pb = await startPipeline(b, objects("echo b"));
    // B's runner polls first: it must get B's task, never A's (older) one.
    const tb = (await sdk({ credentials: keys.otherRunner }).send(new PollForTaskCommand({ workerGroup: group })))
      .taskObject;
    const ta = (await sdk({ credentials: keys.runner }).send(new PollForTaskCommand({ workerGroup: group })))
      .taskObject;
    expect(tb?.pipelineId).toBe(pb);
    expect(ta?.pipelineId).toBe(pa);
    // Nothing else is queued for either.
    expect(
      (await sdk({ credentials: keys.otherRunner }).send(new PollForTaskCommand({ workerGroup: group }))).taskObject,
    ).toBeUndefined();
    // Another account's task id and pipeline are unknown.
    expect(
      await errorOf(
        sdk({ credentials: keys.otherRunner }).send(new ReportTaskProgressCommand({ taskId: ta!.taskId! })),
      ),
    ).toMatchObject({ name: "TaskNotFoundException" });
    expect(await errorOf(b.send(new DescribePipelinesCommand({ pipelineIds: [pa] })))).toMatchObject({
      name: "PipelineNotFoundException",
    });
    const listedByB = (await b.send(new ListPipelinesCommand({}))).pipelineIdList?.map((p) => p.id) ?? [];
    expect(listedByB).toContain(pb);
    expect(listedByB).not.toContain(pa);
    await sdk({ credentials: keys.runner }).send(
      new SetTaskStatusCommand({ taskId: ta!.taskId!, taskStatus: "FINISHED" }),
    );
  }, 60_000);
});

describe("the query form", () => {
  it("serves a presigned GET and refuses an expired or altered one", async () => {
    const ok = await fetch(await presignedUrl(`${endpoint()}/?Action=ListPipelines`, { credentials: keys.readonly }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveProperty("pipelineIdList");
    const expired = await fetch(
      await presignedUrl(`${endpoint()}/?Action=ListPipelines`, {
        credentials: keys.readonly,
        expiresIn: 60,
        signingDate: new Date(Date.now() - 5 * 60_000),
      }),
    );
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { __type: string }).__type).toBe("InvalidSignatureException");
    const url = await presignedUrl(`${endpoint()}/?Action=ListPipelines`, { credentials: keys.readonly });
    const altered = await fetch(url.replace("Action=ListPipelines", "Action=DeletePipeline"));
    expect(((await altered.json()) as { __type: string }).__type).toBe("InvalidSignatureException");
    const unsigned = await fetch(`${endpoint()}/?Action=ListPipelines`);
    expect(unsigned.status).toBe(403);
  });

  it("serves ReportTaskProgress with fields as JSON, signed in the header", async () => {
    const group = uniqueGroup("query");
    await startPipeline(sdk({ credentials: keys.operator }), oneStepOnDemand(group, "Step"));
    const poll = await signedFetch(
      `${endpoint()}/?Action=PollForTask&workerGroup=${encodeURIComponent(group)}`,
      {},
      { credentials: keys.runner },
    );
    const taskId = ((await poll.json()) as { taskObject: { taskId: string } }).taskObject.taskId;
    const fields = JSON.stringify([{ key: "progress", stringValue: "50%" }]);
    const report = await signedFetch(
      `${endpoint()}/?Action=ReportTaskProgress&taskId=${encodeURIComponent(taskId)}&fields=${encodeURIComponent(fields)}`,
      {},
      { credentials: keys.runner },
    );
    expect(report.status).toBe(200);
    expect(await report.json()).toEqual({ canceled: false });
    const bad = await signedFetch(
      `${endpoint()}/?Action=ReportTaskProgress&taskId=${encodeURIComponent(taskId)}&fields=not-json`,
      {},
      { credentials: keys.runner },
    );
    expect(bad.status).toBe(400);
  });
});

describe("boto3 and the AWS CLI", () => {
  let disabled: Key;
  beforeAll(async () => {
    disabled = await insertKey(teamA, "operator");
    await withDb((db) =>
      db.query("UPDATE access_keys SET disabled = true WHERE access_key_id = $1", [disabled.accessKeyId]),
    );
  }, 60_000);

  // botocore reads the signing time through botocore.auth.get_current_datetime: moved back 20
  // minutes, its signatures are expired ones (the server allows 15).
  const expire = `
import botocore.auth, datetime
_now = botocore.auth.get_current_datetime
botocore.auth.get_current_datetime = lambda *a, **k: _now(*a, **k) - datetime.timedelta(minutes=20)
`;
  const py = `
import boto3, botocore, sys, json
def client(k, s):
    return boto3.client("datapipeline", endpoint_url=sys.argv[1], region_name="eu-central-1", aws_access_key_id=k, aws_secret_access_key=s,
                        config=botocore.config.Config(retries={"max_attempts": 1}))
out = {}
def code(f):
    try:
        f(); return "ok"
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
out["right"] = code(lambda: client(sys.argv[2], sys.argv[3]).list_pipelines())
out["wrong"] = code(lambda: client(sys.argv[2], "x" * 40).list_pipelines())
out["unknown"] = code(lambda: client("PHAKNOSUCHKEY0000000", "x" * 40).list_pipelines())
out["denied"] = code(lambda: client(sys.argv[4], sys.argv[5]).create_pipeline(name="n", uniqueId="u"))
out["disabled"] = code(lambda: client(sys.argv[6], sys.argv[7]).list_pipelines())
${expire}
out["expired"] = code(lambda: client(sys.argv[2], sys.argv[3]).list_pipelines())
print(json.dumps(out))
`;
  it("boto3 signs its calls and hears the AWS error codes for wrong, unknown, disabled and expired credentials", async () => {
    const { stdout } = await run(
      "python3",
      [
        "-c",
        py,
        `${endpoint()}`,
        keys.operator.accessKeyId,
        keys.operator.secretAccessKey,
        keys.readonly.accessKeyId,
        keys.readonly.secretAccessKey,
        disabled.accessKeyId,
        disabled.secretAccessKey,
      ],
      { timeout: 60_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      right: "ok",
      wrong: "InvalidSignatureException",
      unknown: "UnrecognizedClientException",
      denied: "AccessDeniedException",
      disabled: "UnrecognizedClientException",
      expired: "InvalidSignatureException",
    });
  });

  it("the AWS CLI works with a right key and reports a wrong, an unknown, a disabled and an expired one", async () => {
    const args = ["--endpoint-url", endpoint(), "--output", "json", "datapipeline", "list-pipelines"];
    const stderrOf = (p: Promise<unknown>) =>
      p.then(
        () => "",
        (err: { stderr?: string }) => err.stderr ?? "",
      );
    const aws = (k: Credentials) => run("aws", args, { env: { ...process.env, ...runnerEnv(k) }, timeout: 60_000 });
    const ok = await aws(keys.readonly);
    expect(JSON.parse(ok.stdout)).toHaveProperty("pipelineIdList");
    expect(await stderrOf(aws({ ...keys.readonly, secretAccessKey: "y".repeat(40) }))).toMatch(
      /InvalidSignatureException/,
    );
    expect(await stderrOf(aws({ accessKeyId: "PHAKNOSUCHKEY0000000", secretAccessKey: "y".repeat(40) }))).toMatch(
      /UnrecognizedClientException/,
    );
    expect(await stderrOf(aws(disabled))).toMatch(/UnrecognizedClientException/);
    // The AWS CLI (v1) is botocore: the same clock moved back, then its own entry point.
    const expiredCli = run(
      "python3",
      ["-c", `${expire}\nimport sys\nfrom awscli.clidriver import main\nsys.exit(main())`, ...args],
      { env: { ...process.env, ...runnerEnv(keys.readonly) }, timeout: 60_000 },
    );
    expect(await stderrOf(expiredCli)).toMatch(/InvalidSignatureException[\s\S]*Signature expired/);
  }, 180_000); // five AWS CLI processes in a row: seconds each on a loaded machine
});
