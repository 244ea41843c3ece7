import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";

export const USAGE = `Usage: pipelinehouse-runner --worker-group NAME [options]

Polls a pipelinehouse (AWS Data Pipeline API) endpoint for tasks of one worker group and runs
ShellCommandActivity and ShellCommandPrecondition (with /bin/sh), SqlActivity, CopyActivity,
S3KeyExists, S3PrefixNotEmpty and Exists; other types fail at once with UnsupportedTaskType.

Options:
  --worker-group NAME           worker group to poll (required; exact, case-sensitive)
  --endpoint URL                API endpoint (default: $PIPELINEHOUSE_ENDPOINT or http://127.0.0.1:3000)
  --region REGION               signing region (default: us-east-1; the server accepts any)
  --profile NAME                credentials profile of ~/.aws/credentials (default: $AWS_PROFILE, else "default")
  --concurrency N               tasks run at once, one poll loop each (default: 1)
  --runner-id ID                taskrunnerId for heartbeats (default: <hostname>-<pid>-<random>)
  --log-dir DIR                 log root: task output goes here, and a definition's stdout/stderr must lie
                                inside it (relative paths are resolved against it) (default: ./runner-logs)
  --allow-absolute-output-paths let a definition's stdout/stderr name any absolute path or file:// URL
  --pass-env NAME               also pass the runner's variable NAME to tasks (repeatable); tasks get only
                                PATH HOME USER LOGNAME SHELL LANG LANGUAGE TZ TMPDIR TERM LC_* and
                                PIPELINEHOUSE_PIPELINE_ID/_ATTEMPT_ID/_TASK_ID, never the runner's credentials
  --progress-interval SECONDS   ReportTaskProgress period while a task runs (default: 60)
  --heartbeat-interval SECONDS  ReportTaskRunnerHeartbeat period (default: 900)
  --shutdown-grace SECONDS      on SIGTERM/SIGINT, time running tasks get before they are killed (default: 30)
  --max-tasks N                 exit after taking N tasks
  --once                        exit when a poll returns no task
  --help                        show this help

Credentials: every call is signed with an access key found the way the AWS SDK finds one:
AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, then the profile's entry in ~/.aws/credentials
(AWS_SHARED_CREDENTIALS_FILE) and ~/.aws/config, then the SDK's other sources. Give runners a key
with the 'runner' role: npm run admin -- create-key --account NAME --role runner

A second SIGTERM/SIGINT kills running tasks and exits at once.

S3 uses the AWS SDK's credential chain and AWS_REGION; for an S3-compatible store set
PIPELINEHOUSE_S3_ENDPOINT (or AWS_ENDPOINT_URL_S3); PIPELINEHOUSE_S3_FORCE_PATH_STYLE=false turns
off the path-style addressing used with it; PIPELINEHOUSE_S3_ACCESS_KEY_ID and
PIPELINEHOUSE_S3_SECRET_ACCESS_KEY give S3 a key of its own (the runner's key signs calls to the server).`;

export interface CliOptions {
  endpoint: string;
  region: string;
  profile?: string;
  workerGroup: string;
  concurrency: number;
  runnerId: string;
  logDir: string;
  progressIntervalSeconds: number;
  heartbeatIntervalSeconds: number;
  shutdownGraceSeconds: number;
  maxTasks?: number;
  once: boolean;
  allowAbsoluteOutputPaths: boolean;
  passEnv: string[];
}

export type ParsedCli = { kind: "help" } | { kind: "run"; options: CliOptions } | { kind: "invalid"; message: string };

const seconds = (fallback: number) => z.coerce.number().positive().max(86_400).default(fallback);

// Limits follow the API model: workerGroup is a `string` (≤1024), taskrunnerId an `id` (1–1024).
const CliOptionsInput = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  region: z.string().min(1).default("us-east-1"),
  profile: z.string().min(1).max(256).optional(),
  workerGroup: z.string({ error: "--worker-group is required" }).min(1).max(1024),
  concurrency: z.coerce.number().int().min(1).max(256).default(1),
  runnerId: z.string().min(1).max(1024),
  logDir: z.string().min(1).default("./runner-logs"),
  progressIntervalSeconds: seconds(60),
  heartbeatIntervalSeconds: seconds(900),
  shutdownGraceSeconds: z.coerce.number().min(0).max(86_400).default(30),
  maxTasks: z.coerce.number().int().positive().optional(),
  once: z.boolean().default(false),
  allowAbsoluteOutputPaths: z.boolean().default(false),
  passEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "--pass-env takes a variable name")).default([]),
});

// Errors name the flag the user typed, not the schema key.
function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? "");
      const flag = key.replace(/Seconds$/, "").replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
      return issue.message.startsWith("--") ? issue.message : `--${flag}: ${issue.message}`;
    })
    .join("\n");
}

function createDefaultRunnerId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

/** argv without the node and script entries, e.g. process.argv.slice(2). */
export function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ParsedCli {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        endpoint: { type: "string" },
        region: { type: "string" },
        profile: { type: "string" },
        "worker-group": { type: "string" },
        concurrency: { type: "string" },
        "runner-id": { type: "string" },
        "log-dir": { type: "string" },
        "progress-interval": { type: "string" },
        "heartbeat-interval": { type: "string" },
        "shutdown-grace": { type: "string" },
        "max-tasks": { type: "string" },
        once: { type: "boolean" },
        "allow-absolute-output-paths": { type: "boolean" },
        "pass-env": { type: "string", multiple: true },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    return { kind: "invalid", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: "help" };

  const parsed = CliOptionsInput.safeParse({
    endpoint: values.endpoint ?? env.PIPELINEHOUSE_ENDPOINT ?? "http://127.0.0.1:3000",
    region: values.region,
    profile: values.profile,
    workerGroup: values["worker-group"],
    concurrency: values.concurrency,
    runnerId: values["runner-id"] ?? createDefaultRunnerId(),
    logDir: values["log-dir"],
    progressIntervalSeconds: values["progress-interval"],
    heartbeatIntervalSeconds: values["heartbeat-interval"],
    shutdownGraceSeconds: values["shutdown-grace"],
    maxTasks: values["max-tasks"],
    once: values.once,
    allowAbsoluteOutputPaths: values["allow-absolute-output-paths"],
    passEnv: values["pass-env"],
  });
  if (!parsed.success) return { kind: "invalid", message: formatIssues(parsed.error) };
  return { kind: "run", options: parsed.data };
}
