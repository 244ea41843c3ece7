// The HTTP-only floor's server (bench/lib/httpfloor.ts): node:http answering PollForTask,
// ReportTaskProgress and SetTaskStatus with canned JSON 1.1 answers shaped like ours (a task object
// with its attempt's fields), no database, no signature check. It reads and parses every body, as
// any JSON 1.1 server must, so what is left is the protocol's own cost: HTTP, JSON, sockets.
// Prints {"port": N} on stdout once it listens.
"use strict";
const http = require("node:http");
const { Buffer } = require("node:buffer");
const { randomUUID } = require("node:crypto");

const CONTENT_TYPE = "application/x-amz-json-1.1";
let seq = 0;

function task() {
  const n = ++seq;
  const attemptId = `@A${n % 99}_2026-11-30T00:00:00_Attempt=1`;
  const fields = [
    { key: "@componentParent", refValue: `A${n % 99}` },
    { key: "@instanceParent", refValue: attemptId.replace(/_Attempt=1$/, "") },
    { key: "@sphere", stringValue: "ATTEMPT" },
    { key: "@status", stringValue: "WAITING_FOR_RUNNER" },
    { key: "@scheduledStartTime", stringValue: "2026-11-30T00:00:00" },
    { key: "@scheduledEndTime", stringValue: "2026-11-30T00:00:00" },
    { key: "@actualStartTime", stringValue: "2026-11-30T00:00:01" },
    { key: "@attemptCount", stringValue: "1" },
    { key: "type", stringValue: "ShellCommandActivity" },
    { key: "command", stringValue: "true" },
    { key: "workerGroup", stringValue: "floor" },
    { key: "parent", refValue: `A${n % 99}` },
  ];
  return {
    taskObject: {
      taskId: randomUUID(),
      pipelineId: "df-00000000000000000000",
      attemptId,
      objects: { [attemptId]: { id: attemptId, name: attemptId, fields } },
    },
  };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      body = null;
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const op = target.slice(target.indexOf(".") + 1);
    let status = 200;
    let out;
    if (!body || typeof body !== "object") {
      status = 400;
      out = { __type: "InvalidRequestException", message: "bad JSON" };
    } else if (op === "PollForTask") out = task();
    else if (op === "ReportTaskProgress") out = { canceled: false };
    else if (op === "SetTaskStatus") out = {};
    else {
      status = 400;
      out = { __type: "InvalidRequestException", message: `unknown operation ${op}` };
    }
    const payload = JSON.stringify(out);
    res.writeHead(status, {
      "content-type": CONTENT_TYPE,
      "content-length": Buffer.byteLength(payload),
      "x-amzn-requestid": randomUUID(),
    });
    res.end(payload);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
