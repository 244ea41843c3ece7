// The environment a task runs with: never the runner's own whole environment (which holds the
// runner's AWS credentials, tokens and whatever else its operator exported), only an allow list of
// ordinary variables, the ones the operator names with --pass-env, and the task's own
// PIPELINEHOUSE_* variables.

/** Variables a shell command ordinarily needs; nothing secret. */
export const TASK_ENV_ALLOW_LIST: readonly string[] = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TMPDIR",
  "TERM",
];

/** Locale variables (LC_ALL, LC_CTYPE, ...) are passed too. */
const ALLOWED_PREFIXES = ["LC_"];

export function taskEnvironment(
  runnerEnv: Readonly<Record<string, string | undefined>>,
  passEnv: readonly string[] = [],
  taskEnv: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const out: Record<string, string> = {};
  const allowed = new Set([...TASK_ENV_ALLOW_LIST, ...passEnv]);
  for (const [name, value] of Object.entries(runnerEnv)) {
    if (value === undefined) continue;
    if (allowed.has(name) || ALLOWED_PREFIXES.some((p) => name.startsWith(p))) out[name] = value;
  }
  return { ...out, ...taskEnv } as NodeJS.ProcessEnv;
}
