import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import pino from "pino";
import { EXIT_FLUSH_STALL_MS, loggerOptions } from "./logger";

// A process that logs through logger() and then exits, its stdout a pipe its parent reads or not.
const CHILD = `
import { logger } from ${JSON.stringify(path.resolve("lib/log/logger.ts"))};
const log = logger();
for (let i = 0; i < 20000; i++) log.info({ i, pad: "x".repeat(200) }, "line");
log.info("last line");
setTimeout(() => process.exit(3), 50);
`;

function runChild(read: boolean): Promise<{ code: number | null; ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
      env: { ...process.env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    if (read) child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    // Read: "close" comes once the child has exited and its stdout is read to the end. Not read:
    // the pipe never ends, so "exit" it is.
    child.on(read ? "close" : "exit", (code: number | null) => {
      clearTimeout(guard);
      if (!read) child.stdout.destroy();
      resolve({ code, ms: Date.now() - started, out });
    });
  });
}

describe("logger at exit", () => {
  it("writes what it holds before the process exits when stdout is read", async () => {
    const r = await runChild(true);
    expect(r.code).toBe(3);
    const lines = r.out.trim().split("\n");
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: 30, service: "pipelinehouse" });
    // The 20,001 lines overfill the pipe, so the exit flush has work to do. pino's stream (sonic-boom)
    // leaves out of it the one chunk (16 KiB at most) that a full pipe left waiting for a retry, as it
    // does without our bound: everything else arrives, however slowly the parent reads.
    const chunkLines = Math.ceil((16 * 1024) / Math.min(...lines.map((l) => l.length + 1)));
    expect(lines.length).toBeGreaterThanOrEqual(20001 - chunkLines);
  }, 40_000);

  it("still exits, with its code, when nobody reads stdout (pino alone would retry the full pipe for ever)", async () => {
    const r = await runChild(false);
    expect(r.code).toBe(3);
    // Start-up (tsx) and the bounded exit flush; far below the 30 s guard that would SIGKILL it (code null).
    expect(r.ms).toBeLessThan(EXIT_FLUSH_STALL_MS + 15_000);
  }, 40_000);
});

describe("the request line's logger without the redaction pass", () => {
  function lines(redact: boolean, log: (l: pino.Logger) => void): string[] {
    const out: string[] = [];
    log(pino(loggerOptions(redact), { write: (line: string) => void out.push(line) }));
    // Only the clock differs between two loggers.
    return out.map((l) => l.replace(/"time":"[^"]*"/, '"time":"T"'));
  }

  it("writes a flat line of scalars byte for byte as the redacting logger does", () => {
    const record = {
      kind: "api",
      requestId: "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
      operation: "PollForTask",
      account: "123456789012",
      accessKeyId: "PHAKTESTTESTTEST0001",
      status: 500,
      errorType: "InternalServiceError",
      durationMs: 1.2,
      bytesIn: 80,
      bytesOut: 300,
      via: "direct",
      // Members named like redacted paths, but at the top level of the line: never censored.
      password: "p",
      secret: "s",
      headers: "h",
      missing: undefined,
    };
    const write = (l: pino.Logger) => {
      l.info(record, "request");
      l.error(record, "request");
    };
    const redacted = lines(true, write);
    expect(redacted).toHaveLength(2);
    expect(lines(false, write)).toEqual(redacted);
  });

  it("is for flat lines only: a nested secret is censored by the redacting logger alone", () => {
    const write = (l: pino.Logger) => l.info({ body: { password: "hunter2" }, headers: { cookie: "c" } }, "x");
    expect(lines(true, write)[0]).not.toContain("hunter2");
    expect(lines(true, write)[0]).toContain("[redacted]");
    expect(lines(false, write)[0]).toContain("hunter2");
  });
});
