import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli-options";

describe("parseCliOptions", () => {
  it("applies defaults", () => {
    const parsed = parseCliOptions(["--worker-group", "etl"], {});
    expect(parsed.kind).toBe("run");
    if (parsed.kind !== "run") return;
    expect(parsed.options).toMatchObject({
      endpoint: "http://127.0.0.1:3000",
      region: "us-east-1",
      workerGroup: "etl",
      concurrency: 1,
      logDir: "./runner-logs",
      progressIntervalSeconds: 60,
      heartbeatIntervalSeconds: 900,
      shutdownGraceSeconds: 30,
      once: false,
    });
    expect(parsed.options.maxTasks).toBeUndefined();
    expect(parsed.options.runnerId).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{6}$`));
  });

  it("reads the endpoint from PIPELINEHOUSE_ENDPOINT unless --endpoint is given", () => {
    const env = { PIPELINEHOUSE_ENDPOINT: "http://ph.internal:8080" };
    expect(parseCliOptions(["--worker-group", "x"], env)).toMatchObject({
      options: { endpoint: "http://ph.internal:8080" },
    });
    expect(parseCliOptions(["--worker-group", "x", "--endpoint", "https://ph.example"], env)).toMatchObject({
      options: { endpoint: "https://ph.example" },
    });
  });

  it("parses every flag", () => {
    const parsed = parseCliOptions(
      [
        "--worker-group=Case-Sensitive",
        "--concurrency",
        "4",
        "--runner-id",
        "r-1",
        "--log-dir",
        "/tmp/logs",
        "--region",
        "eu-west-1",
        "--progress-interval",
        "0.5",
        "--heartbeat-interval",
        "30",
        "--shutdown-grace",
        "0",
        "--max-tasks",
        "3",
        "--once",
        "--allow-absolute-output-paths",
        "--pass-env",
        "MY_TOKEN",
        "--pass-env",
        "PGHOST",
      ],
      {},
    );
    expect(parsed).toEqual({
      kind: "run",
      options: {
        endpoint: "http://127.0.0.1:3000",
        region: "eu-west-1",
        workerGroup: "Case-Sensitive",
        concurrency: 4,
        runnerId: "r-1",
        logDir: "/tmp/logs",
        progressIntervalSeconds: 0.5,
        heartbeatIntervalSeconds: 30,
        shutdownGraceSeconds: 0,
        maxTasks: 3,
        once: true,
        allowAbsoluteOutputPaths: true,
        passEnv: ["MY_TOKEN", "PGHOST"],
      },
    });
  });

  it("answers help", () => {
    expect(parseCliOptions(["--help"], {})).toEqual({ kind: "help" });
  });

  it.each([
    [[], "--worker-group is required"],
    [["--worker-group", ""], "--worker-group"],
    [["--worker-group", "x", "--concurrency", "0"], "--concurrency"],
    [["--worker-group", "x", "--concurrency", "1.5"], "--concurrency"],
    [["--worker-group", "x", "--max-tasks", "many"], "--max-tasks"],
    [["--worker-group", "x", "--progress-interval", "0"], "--progress-interval"],
    [["--worker-group", "x", "--endpoint", "not a url"], "--endpoint"],
    [["--worker-group", "x", "--endpoint", "ftp://host"], "--endpoint"],
    [["--worker-group", "x", "--bogus"], "--bogus"],
    [["--worker-group", "x", "positional"], "positional"],
    [["--worker-group"], "--worker-group"],
  ])("rejects %j", (argv, mention) => {
    const parsed = parseCliOptions(argv, {});
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" && parsed.message).toContain(mention);
  });
});
