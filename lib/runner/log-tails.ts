// The bounded tail of a task's stdout and stderr, sent to the service as fields of ReportTaskProgress
// so the console can show what the task printed (README "Logs in the console" documents the keys
// for other runners). Read from the output files, from where this attempt started writing (they are
// appended to across reruns), never more than `maxBytes` per stream, and only when they changed.
import { open, stat } from "node:fs/promises";

import { LOG_TAIL_KEYS } from "./log-tail-keys";

/** Bytes kept per stream: well under the service's 10,240-character field limit, whatever the encoding. */
export const DEFAULT_TAIL_BYTES = 4096;

// Characters the service refuses in a field value (XML 1.0): binary output is shown as U+FFFD.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text fit for a field value: cut to a line start when the cut fell mid-output, illegal characters replaced. */
export function toFieldText(bytes: Buffer, truncated: boolean): string {
  let text = bytes.toString("utf8");
  // A cut in the middle of a UTF-8 sequence decodes as U+FFFD; drop it and the partial first line.
  if (truncated) {
    text = text.replace(/^\uFFFD+/, "");
    const nl = text.indexOf("\n");
    if (nl >= 0 && nl < text.length - 1) text = text.slice(nl + 1);
  }
  return text.replace(ILLEGAL, "\uFFFD");
}

interface Stream {
  path: string;
  start: number;
  lastSent: string | null;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function readTail(stream: Stream, maxBytes: number): Promise<string> {
  const size = await sizeOf(stream.path);
  if (size <= stream.start) return "";
  const from = Math.max(stream.start, size - maxBytes);
  const handle = await open(stream.path, "r");
  try {
    const buffer = Buffer.alloc(size - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return toFieldText(buffer.subarray(0, bytesRead), from > stream.start);
  } finally {
    await handle.close();
  }
}

export type TailField = { key: string; stringValue: string };

export class AttemptLogTails {
  private readonly streams: { stdout: Stream; stderr: Stream };
  private pathsSent = false;

  private constructor(
    stdoutPath: string,
    stderrPath: string,
    starts: [number, number],
    private readonly maxBytes: number,
  ) {
    this.streams = {
      stdout: { path: stdoutPath, start: starts[0], lastSent: null },
      stderr: { path: stderrPath, start: starts[1], lastSent: null },
    };
  }

  /** Call before the task starts: output already in the files belongs to earlier attempts. */
  static async begin(stdoutPath: string, stderrPath: string, maxBytes = DEFAULT_TAIL_BYTES): Promise<AttemptLogTails> {
    return new AttemptLogTails(stdoutPath, stderrPath, [await sizeOf(stdoutPath), await sizeOf(stderrPath)], maxBytes);
  }

  /** The fields to send now: tails that changed since the last call (and the paths, once); empty when nothing changed. Never throws. */
  async changedFields(): Promise<TailField[]> {
    const out: TailField[] = [];
    if (!this.pathsSent) {
      out.push(
        { key: LOG_TAIL_KEYS.stdoutPath, stringValue: this.streams.stdout.path },
        { key: LOG_TAIL_KEYS.stderrPath, stringValue: this.streams.stderr.path },
      );
    }
    for (const name of ["stdout", "stderr"] as const) {
      const stream = this.streams[name];
      let text: string;
      try {
        text = await readTail(stream, this.maxBytes);
      } catch {
        continue; // an unreadable file must not stop the task's reports
      }
      if (text !== stream.lastSent && !(stream.lastSent === null && text === ""))
        out.push({ key: LOG_TAIL_KEYS[name], stringValue: text });
    }
    return out;
  }

  /** The fields were delivered. */
  sent(fields: TailField[]): void {
    for (const f of fields) {
      if (f.key === LOG_TAIL_KEYS.stdout) this.streams.stdout.lastSent = f.stringValue;
      else if (f.key === LOG_TAIL_KEYS.stderr) this.streams.stderr.lastSent = f.stringValue;
      else this.pathsSent = true;
    }
  }
}
