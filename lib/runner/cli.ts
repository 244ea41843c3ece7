#!/usr/bin/env -S npx tsx
// The reference task runner: `tsx lib/runner/cli.ts --worker-group NAME` (see USAGE in cli-options.ts).
import os from "node:os";
import { parseCliOptions, USAGE, type CliOptions } from "./cli-options";
import { createRunnerClient } from "./create-client";
import { createConsoleLogger } from "./log-event";
import { TaskRunner } from "./runner";

async function runFromOptions(options: CliOptions): Promise<number> {
  const log = createConsoleLogger();
  const client = createRunnerClient({ endpoint: options.endpoint, region: options.region, profile: options.profile });
  try {
    await client.checkCredentials();
  } catch (error) {
    console.error((error as Error).message);
    client.destroy();
    return 2;
  }
  const runner = new TaskRunner({
    send: client.send,
    workerGroup: options.workerGroup,
    hostname: os.hostname(),
    runnerId: options.runnerId,
    logDir: options.logDir,
    concurrency: options.concurrency,
    progressIntervalMs: options.progressIntervalSeconds * 1000,
    heartbeatIntervalMs: options.heartbeatIntervalSeconds * 1000,
    shutdownGraceMs: options.shutdownGraceSeconds * 1000,
    maxTasks: options.maxTasks,
    exitWhenIdle: options.once,
    allowAbsoluteOutputPaths: options.allowAbsoluteOutputPaths,
    passEnv: options.passEnv,
    log,
  });

  let signalCount = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalCount += 1;
    if (signalCount === 1) {
      void runner.stop(signal);
      return;
    }
    // Second signal: the operator wants out now. Leases expire on the server.
    log("killed", { signal, reason: "second signal" });
    runner.killAll();
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await runner.start();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    client.destroy();
  }
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCliOptions(argv);
  switch (parsed.kind) {
    case "help":
      console.log(USAGE);
      return 0;
    case "invalid":
      console.error(`${parsed.message}\n\n${USAGE}`);
      return 2;
    case "run":
      return runFromOptions(parsed.options);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
