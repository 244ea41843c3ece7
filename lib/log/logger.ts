import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { logLevelSetting } from "../config/settings";

// The process's one structured logger: a JSON line per event on stdout, which is what Docker, systemd and
// Vercel collect. Created on first use so that importing this module never reads the environment; it
// reads LOG_LEVEL alone (scripts/serve.ts logs before it has set DATABASE_URL, and reading the whole
// settings then would cache them without it).
let root: Logger | undefined;

/**
 * How long an exiting process waits for stdout to take any more of the log lines it still holds.
 * pino writes stdout asynchronously and, at exit, writes what is left synchronously, retrying while
 * the pipe is full: with nobody reading stdout (a stalled log collector, a parent that stopped
 * reading) that retry never ends and the process never exits, SIGTERM or not. console.* would have
 * dropped the rest. A reader that is slow but reads keeps every line: the wait restarts whenever a
 * write goes through.
 */
export const EXIT_FLUSH_STALL_MS = 2_000;

function stdoutDestination(): DestinationStream {
  let exiting = false;
  let pending = -1;
  let stalledSince = 0;
  const destination = pino.destination({
    dest: 1,
    sync: false,
    // Full pipe: keep retrying while running (the lines wait in memory); at exit, until nothing has
    // been written for EXIT_FLUSH_STALL_MS.
    retryEAGAIN: (_err, writing, remaining) => {
      if (!exiting) return true;
      const now = Date.now();
      if (writing + remaining !== pending) {
        pending = writing + remaining;
        stalledSince = now;
      }
      return now - stalledSince < EXIT_FLUSH_STALL_MS;
    },
  });
  // Before pino's own exit flush (which would retry for ever): write what is left while stdout takes
  // it, else drop the rest, so that pino finds nothing to write and the exit goes on with its code.
  process.prependListener("exit", () => {
    exiting = true;
    stalledSince = Date.now();
    try {
      destination.flushSync();
    } catch {
      destination.destroy();
    }
  });
  return destination;
}

/**
 * The options of both loggers. `redact`: the paths below are censored in every line logged, which
 * walks every member of every line (about 5 µs a line).
 */
export function loggerOptions(redact: boolean): LoggerOptions {
  return {
    level: logLevelSetting(),
    base: { service: "pipelinehouse" },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(redact
      ? {
          // Belt and braces: nothing that authenticates may reach a log line, whoever logs an object.
          redact: {
            paths: [
              "*.password",
              "*.secretAccessKey",
              "*.secret",
              "*.authorization",
              "*.cookie",
              "headers.authorization",
              "headers.cookie",
            ],
            censor: "[redacted]",
          },
        }
      : {}),
  };
}

let destination: DestinationStream | undefined;
let flat: Logger | undefined;

export function logger(): Logger {
  root ??= pino(loggerOptions(true), (destination ??= stdoutDestination()));
  return root;
}

/**
 * The same logger, writing to the same stream, without the redaction pass: only for lines whose
 * members are all strings, numbers or booleans set by our own code (the request line every API call
 * leaves, lib/protocol/call-record.ts). Every redaction path names a member nested in another
 * (`*.password`, `headers.cookie`), which such a line cannot have, so its bytes are the same either
 * way (logger.test.ts checks); the pass cost about a third of the line's CPU.
 */
export function flatLineLogger(): Logger {
  flat ??= pino(loggerOptions(false), (destination ??= stdoutDestination()));
  return flat;
}

/** A logger whose every line carries these fields (a request id, a component name...). */
export function childLogger(bindings: Record<string, unknown>): Logger {
  return logger().child(bindings);
}

export type { Logger };
