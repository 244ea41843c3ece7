export type LogEventName =
  | "started"
  | "heartbeat"
  | "polled"
  | "poll-error"
  | "task"
  | "finished"
  | "failed"
  | "false"
  | "canceled"
  | "lease-lost"
  | "error"
  | "stopping"
  | "killed"
  | "stopped"
  | "sql"
  | "copied";

export type LogDetails = Record<string, string | number | boolean | undefined>;

export type LogEvent = (event: LogEventName, details?: LogDetails) => void;

function formatValue(value: string | number | boolean): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/** One line per event: `<ISO time> <event> key=value ...`, so logs are greppable and diffable. */
export function formatLogLine(event: LogEventName, details: LogDetails = {}, now = new Date()): string {
  const pairs = Object.entries(details)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return [now.toISOString(), event, ...pairs].join(" ");
}

export function createConsoleLogger(write: (line: string) => void = console.log): LogEvent {
  return (event, details) => write(formatLogLine(event, details));
}
