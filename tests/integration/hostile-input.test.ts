import http from "node:http";
import {
  CreatePipelineCommand,
  PutPipelineDefinitionCommand,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { beforeAll, describe, expect, it } from "vitest";
import { helloObjects } from "./fixtures";
import { endpoint, rawCall, sdk, tableCounts, uniqueName } from "./helpers";
import { sameOrigin, sessionCookieFor } from "./console-helpers";
import { defaultEntry } from "./test-server";

// Issue #11: every hostile input a caller reported gets a 4xx in the AWS shape (or a clear console
// answer), nothing is written, and the server keeps answering others quickly meanwhile.

let pipelineId = "";

beforeAll(async () => {
  const out = await sdk().send(new CreatePipelineCommand({ name: uniqueName("hostile"), uniqueId: uniqueName("u") }));
  pipelineId = out.pipelineId!;
  await sdk().send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
});

async function expectRefused(op: string, body: object | string, type: string, message?: RegExp) {
  const before = await tableCounts();
  const res = await rawCall(`DataPipeline.${op}`, typeof body === "string" ? body : JSON.stringify(body));
  expect(res.status, res.text.slice(0, 300)).toBe(400);
  expect(res.json?.__type, res.text.slice(0, 300)).toBe(type);
  if (message) expect(res.json?.message).toMatch(message);
  expect(await tableCounts()).toEqual(before);
}

const obj = (id: string, fields: PipelineObject["fields"]) => ({ id, name: id, fields });

describe("input Postgres cannot store is refused up front, naming the member", () => {
  it("NUL in tag keys and values", async () => {
    await expectRefused(
      "CreatePipeline",
      { name: "n", uniqueId: uniqueName(), tags: [{ key: "k\u0000", value: "v" }] },
      "InvalidRequestException",
      /'tags\.0\.key'.*NUL/,
    );
    await expectRefused(
      "CreatePipeline",
      { name: "n", uniqueId: uniqueName(), tags: [{ key: "k", value: "\u0000" }] },
      "InvalidRequestException",
      /'tags\.0\.value'.*NUL/,
    );
    await expectRefused(
      "AddTags",
      { pipelineId, tags: [{ key: "a", value: "b\u0000c" }] },
      "InvalidRequestException",
      /'tags\.0\.value'/,
    );
  });

  it("lone surrogates in every kind of member", async () => {
    for (const bad of ["\ud800", "\udfff", "x\ud800y"]) {
      await expectRefused(
        "CreatePipeline",
        { name: bad, uniqueId: "u" },
        "InvalidRequestException",
        /'name'.*surrogate/,
      );
      await expectRefused("CreatePipeline", { name: "n", uniqueId: bad }, "InvalidRequestException", /'uniqueId'/);
      await expectRefused(
        "CreatePipeline",
        { name: "n", uniqueId: "u", description: bad },
        "InvalidRequestException",
        /'description'/,
      );
      await expectRefused(
        "CreatePipeline",
        { name: "n", uniqueId: "u", tags: [{ key: bad, value: "v" }] },
        "InvalidRequestException",
        /'tags\.0\.key'/,
      );
      await expectRefused(
        "PutPipelineDefinition",
        { pipelineId, pipelineObjects: [obj(bad, [{ key: "type", stringValue: "Schedule" }])] },
        "InvalidRequestException",
        /'pipelineObjects\.0\.id'/,
      );
      await expectRefused(
        "PutPipelineDefinition",
        { pipelineId, pipelineObjects: [obj("A", [{ key: bad, stringValue: "v" }])] },
        "InvalidRequestException",
        /'pipelineObjects\.0\.fields\.0\.key'/,
      );
      await expectRefused(
        "PutPipelineDefinition",
        { pipelineId, pipelineObjects: [obj("A", [{ key: "k", stringValue: bad }])] },
        "InvalidRequestException",
        /'pipelineObjects\.0\.fields\.0\.stringValue'/,
      );
    }
  });

  it("a body nested 200,000 deep, without a stack overflow", async () => {
    const deep = `{"name":"n","uniqueId":"u","tags":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    await expectRefused("CreatePipeline", deep, "SerializationException", /nested deeper than 64/);
    const health = await fetch(`${endpoint()}/api/health`);
    expect(health.status).toBe(200);
  });

  it("a workerGroup no runner could poll for is refused when put, not when activated", async () => {
    const objects = [
      obj("Default", [
        { key: "scheduleType", stringValue: "ondemand" },
        { key: "workerGroup", stringValue: "w".repeat(3_000) },
      ]),
      obj("Job", [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "true" },
      ]),
    ];
    await expectRefused(
      "PutPipelineDefinition",
      { pipelineId, pipelineObjects: objects },
      "InvalidRequestException",
      /FATAL.*workerGroup longer than 1024/,
    );
  });

  it("error members have lengths of their own", async () => {
    await expectRefused(
      "SetTaskStatus",
      { taskId: "t", taskStatus: "FAILED", errorStackTrace: "s".repeat(1025) },
      "InvalidRequestException",
      /errorStackTrace.*1024/,
    );
    await expectRefused(
      "SetTaskStatus",
      { taskId: "t", taskStatus: "FAILED", errorMessage: "m".repeat(1_048_577) },
      "InvalidRequestException",
      /errorMessage.*1048576/,
    );
  });
});

describe("budgets hold", () => {
  it("a worst-case EvaluateExpression ends quickly with InvalidRequestException while health keeps answering", async () => {
    const dates = Array.from({ length: 300 }, (_, i) => ({
      key: "myDates",
      stringValue: `2012-12-${String((i % 28) + 1).padStart(2, "0")}T00:00:00`,
    }));
    const put = await rawCall(
      "DataPipeline.PutPipelineDefinition",
      JSON.stringify({
        pipelineId,
        pipelineObjects: [...helloObjects, obj("Lists", [{ key: "type", stringValue: "Schedule" }, ...dates])],
      }),
    );
    expect(put.status, put.text.slice(0, 300)).toBe(200);
    const pattern = `'${"x".repeat(1024 * 1024)}'`;
    const started = performance.now();
    let healthMs = Number.NaN;
    const [res] = await Promise.all([
      rawCall(
        "DataPipeline.EvaluateExpression",
        JSON.stringify({ pipelineId, objectId: "Lists", expression: `#{format(myDates, "${pattern}")}` }),
      ),
      (async () => {
        await new Promise((r) => setTimeout(r, 50));
        const t = performance.now();
        await fetch(`${endpoint()}/api/health`).then((r) => r.text());
        healthMs = performance.now() - t;
      })(),
    ]);
    expect(res.status, res.text.slice(0, 300)).toBe(400);
    expect(res.json?.__type).toBe("InvalidRequestException");
    expect(res.json?.message).toMatch(/characters|ms limit/);
    // Reported: 9.8 s for the call and 9.3 s for health behind it.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(healthMs).toBeLessThan(2_000);
  });

  it("a 1,500-object parent chain is refused as fatal at once, by Validate and by Put", async () => {
    const chain = Array.from({ length: 1_500 }, (_, i) =>
      obj(
        `O${i}`,
        i === 0 ? [{ key: "type", stringValue: "ShellCommandActivity" }] : [{ key: "parent", refValue: `O${i - 1}` }],
      ),
    );
    let started = performance.now();
    const validate = await rawCall(
      "DataPipeline.ValidatePipelineDefinition",
      JSON.stringify({ pipelineId, pipelineObjects: chain }),
    );
    expect(validate.status).toBe(200);
    expect(JSON.stringify(validate.json)).toMatch(/1500 objects/);
    expect(performance.now() - started).toBeLessThan(2_000); // reported: 7.8 s
    started = performance.now();
    await expectRefused(
      "PutPipelineDefinition",
      { pipelineId, pipelineObjects: chain },
      "InvalidRequestException",
      /FATAL.*1500 objects/,
    );
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

/** A GET of a raw request target (percent-escapes as given, which fetch would normalise). */
function rawGet(
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: string }> {
  const url = new URL(endpoint());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: target, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the console answers hostile addresses with a clear 4xx", () => {
  const targets = (id: string) => [
    `/pipelines/${id}`,
    `/pipelines/${id}/instances`,
    `/pipelines/df-X/objects/${id}`,
    `/?q=${id}`,
    `/audit?actor=${id}`,
    `/api/console/pipelines/${id}`,
    `/api/console/pipelines?search=${id}`,
    `/api/console/pipelines/df-X/objects/${id}`,
    `/api/console/audit?actor=${id}`,
  ];

  for (const bad of ["%00", "a%00b", "%ED%A0%80", "%ed%bf%bf"]) {
    it(`refuses ${bad} in paths and search parameters`, async () => {
      const before = await tableCounts();
      // Signed in, so pages answer for the address itself rather than sending the browser to sign in.
      const cookie = await sessionCookieFor("viewer");
      for (const target of targets(bad)) {
        const res = await rawGet(target, { cookie });
        // Under `next start` Next rewrites escapes that are not UTF-8 in a query string (to U+FFFD)
        // before any code of ours sees them: the page or route then answers for that address.
        const normalisedByNext = defaultEntry() === "next-start" && /\?.*%e[d]/i.test(target);
        if (normalisedByNext) {
          expect(res.status, `${target} -> ${res.status}`).toBeLessThan(500);
          continue;
        }
        expect(res.status, `${target} -> ${res.status} ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${target} -> ${res.status} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (target.startsWith("/api/console/")) expect(JSON.parse(res.body).error.code).toBe("BAD_REQUEST");
        else expect(res.body).toMatch(/Bad address|not found/i);
      }
      expect(await tableCounts()).toEqual(before);
    });
  }

  it("refuses NUL and lone surrogates in BFF bodies, naming where", async () => {
    const cookie = await sessionCookieFor("operator");
    const post = (path: string, body: object) =>
      fetch(`${endpoint()}${path}`, {
        method: "POST",
        headers: { ...sameOrigin(), cookie },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as { error: { code: string; message: string } },
      }));
    const before = await tableCounts();
    const imported = await post("/api/console/pipelines/import", { name: "x\u0000", definition: "{}" });
    expect(imported.status).toBe(400);
    expect(imported.json.error.message).toMatch(/^name: must not contain NUL/);
    const setStatus = await post(`/api/console/pipelines/${pipelineId}/set-status`, {
      objectIds: ["\ud800"],
      status: "PAUSE",
    });
    expect(setStatus.status).toBe(400);
    expect(setStatus.json.error.message).toMatch(/objectIds\.0: must not contain unpaired/);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("console bodies are read as a capped stream", () => {
  it("answers 413 for an endless chunked POST without reading it all", async () => {
    const url = new URL(endpoint());
    const cookie = await sessionCookieFor("operator");
    const chunk = Buffer.alloc(64 * 1024, "a");
    const result = await new Promise<{ status: number; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: "/api/console/pipelines/import",
          method: "POST",
          headers: { ...sameOrigin(), cookie, "transfer-encoding": "chunked" },
        },
        (res) => {
          answered = true;
          resolve({ status: res.statusCode ?? 0, sentWhenAnswered: sent });
          res.resume();
          req.destroy();
        },
      );
      req.on("error", (err) => (answered ? undefined : reject(err)));
      const pump = () => {
        // 400 MB were reported to take the server from 282 MB to 1.49 GB of RSS before its 413.
        while (!answered && sent < 200 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    // The import route's cap is a little over 2 MB; socket buffers hold a few MB more.
    expect(result.sentWhenAnswered).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);
});
