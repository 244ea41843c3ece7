import pino, { type Logger } from "pino";
import { getSettings } from "../config/settings";

// The process's one structured logger: a JSON line per event on stdout, which is what Docker, systemd and
// Vercel collect. Created on first use so that importing this module never reads the environment.
let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({
    level: getSettings().LOG_LEVEL,
    base: { service: "pipelinehouse" },
    timestamp: pino.stdTimeFunctions.isoTime,
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
  });
  return root;
}

/** A logger whose every line carries these fields (a request id, a component name...). */
export function childLogger(bindings: Record<string, unknown>): Logger {
  return logger().child(bindings);
}

export type { Logger };
