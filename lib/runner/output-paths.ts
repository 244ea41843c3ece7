// Where a task's stdout/stderr may be written. A definition is data from the server, not from the
// operator who started the runner: left alone, `stdout: /home/me/.bashrc` or a `file://` URL would
// make the runner create folders and append anywhere it can write. So output goes under the
// runner's log root: relative paths are resolved there, and an absolute path or file:// URL must
// lie inside it, unless the runner was started with --allow-absolute-output-paths.
import path from "node:path";
import { fileURLToPath } from "node:url";

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** `path: null` for a remote URI (s3://…): this runner cannot upload, the output goes to the default file. */
export type OutputPath = { ok: true; path: string | null } | { ok: false; message: string };

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Resolves a definition's `stdout`/`stderr` value against the log root, or says why it is refused. */
export function resolveOutputPath(value: string, logRoot: string, allowAbsolute: boolean): OutputPath {
  const root = path.resolve(logRoot);
  const scheme = URL_SCHEME.exec(value)?.[1]?.toLowerCase();
  let candidate: string;
  if (scheme === undefined) {
    candidate = path.isAbsolute(value) ? path.resolve(value) : path.resolve(root, value);
  } else if (scheme === "file") {
    try {
      candidate = fileURLToPath(value);
    } catch (err) {
      return { ok: false, message: `${value} is not a usable file:// URL (${(err as Error).message})` };
    }
  } else {
    return { ok: true, path: null };
  }
  if (allowAbsolute || isInside(root, candidate)) return { ok: true, path: candidate };
  return {
    ok: false,
    message: `${value} is outside the runner's log root ${root}; start the runner with --allow-absolute-output-paths to write there`,
  };
}
