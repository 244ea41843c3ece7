import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { ShellProgram } from "./plan-shell-task";
import { TailBuffer } from "./stderr-tail";

export interface ShellTaskSpec {
  program: ShellProgram;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Both files are appended to, so reruns of an attempt keep earlier output. */
  stdoutPath: string;
  stderrPath: string;
  cwd?: string;
}

export interface ExecuteOptions {
  /** Time between SIGTERM and SIGKILL when a task is stopped. */
  killGraceMs?: number;
  stderrTailBytes?: number;
  stderrTailLines?: number;
  /** After the process exits, how long to wait for pipes that a background grandchild may hold open. */
  drainMs?: number;
}

export type ShellOutcome =
  | { kind: "exited"; exitCode: number; stderrTail: string }
  | { kind: "signaled"; signal: string; stderrTail: string }
  | { kind: "spawn-failed"; message: string; stderrTail: string };

export interface ShellExecution {
  readonly pid: number | undefined;
  readonly outcome: Promise<ShellOutcome>;
  /** SIGTERM to the whole process tree, SIGKILL after the grace period. Safe to call twice. */
  terminate(): void;
  /** SIGKILL to the whole process tree at once. */
  killNow(): void;
}

const DEFAULTS = { killGraceMs: 10_000, stderrTailBytes: 4096, stderrTailLines: 20, drainMs: 2_000 };

interface Invocation {
  file: string;
  args: string[];
}

async function resolveInvocation(program: ShellProgram, args: readonly string[]): Promise<Invocation> {
  // Same calling convention as AWS's ShellCommandActivity: scriptArgument values become $1, $2, ...
  if ("command" in program) return { file: "/bin/sh", args: ["-c", program.command, "sh", ...args] };
  try {
    await access(program.scriptPath, constants.X_OK);
    return { file: program.scriptPath, args: [...args] };
  } catch {
    // A script without the execute bit (common after a plain copy) still runs as a shell script;
    // if it cannot even be read, that error reaches the caller as a spawn failure.
    await access(program.scriptPath, constants.R_OK);
    return { file: "/bin/sh", args: [program.scriptPath, ...args] };
  }
}

async function openForAppend(filePath: string): Promise<FileHandle> {
  await mkdir(path.dirname(filePath), { recursive: true });
  return open(filePath, "a");
}

function spawnFailed(error: unknown): ShellExecution {
  const message = error instanceof Error ? error.message : String(error);
  return {
    pid: undefined,
    outcome: Promise.resolve({ kind: "spawn-failed", message, stderrTail: "" }),
    terminate: () => undefined,
    killNow: () => undefined,
  };
}

/**
 * Starts a shell task in its own process group (so the whole tree can be signalled, and a Ctrl-C
 * aimed at the runner does not reach it), streaming stdout/stderr to files and keeping a bounded
 * stderr tail for the error report. Never rejects: failures to start come back as "spawn-failed".
 */
export async function startShellTask(spec: ShellTaskSpec, options: ExecuteOptions = {}): Promise<ShellExecution> {
  const settings = { ...DEFAULTS, ...options };
  let stdoutFile: FileHandle | undefined;
  let stderrFile: FileHandle | undefined;
  let child: ChildProcess;
  try {
    const invocation = await resolveInvocation(spec.program, spec.args);
    stdoutFile = await openForAppend(spec.stdoutPath);
    stderrFile = await openForAppend(spec.stderrPath);
    child = spawn(invocation.file, invocation.args, {
      env: spec.env,
      cwd: spec.cwd,
      detached: true,
      stdio: ["ignore", stdoutFile.fd, "pipe"],
    });
  } catch (error) {
    await stdoutFile?.close();
    await stderrFile?.close();
    return spawnFailed(error);
  }
  // Listen before yielding to the event loop, or a fast child's "exit" could be missed.
  const execution = superviseChild(child, stderrFile, settings);
  // The child holds its own copy of the stdout descriptor.
  await stdoutFile.close();
  return execution;
}

function superviseChild(child: ChildProcess, stderrFile: FileHandle, settings: typeof DEFAULTS): ShellExecution {
  const tail = new TailBuffer(settings.stderrTailBytes);
  const stderrSink = stderrFile.createWriteStream();
  stderrSink.on("error", () => undefined); // a full disk must not crash the runner; the tail survives
  const stderrSaved = new Promise<void>((resolve) => stderrSink.once("close", () => resolve()));
  child.stderr?.on("data", (chunk: Buffer) => tail.append(chunk));
  child.stderr?.pipe(stderrSink);
  // pipe() only ends the file on a clean end-of-stream; a destroyed pipe must end it too.
  child.stderr?.once("close", () => stderrSink.end());

  let isTerminating = false;
  let hasExited = false;
  let killTimer: NodeJS.Timeout | undefined;

  const signalTree = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone. Fall back to the leader in case it left its group.
      if (!hasExited) child.kill(signal);
    }
  };
  const isTreeAlive = (): boolean => {
    if (child.pid === undefined) return false;
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const withTail = <T extends object>(result: T): T & { stderrTail: string } => ({
    ...result,
    stderrTail: tail.readText(settings.stderrTailLines),
  });

  const outcome = new Promise<ShellOutcome>((resolve) => {
    child.once("error", (error) => {
      // Only a failed spawn matters here; later errors (e.g. a failed kill) change nothing.
      if (child.pid !== undefined) return;
      stderrSink.end();
      resolve(withTail({ kind: "spawn-failed" as const, message: error.message }));
    });

    child.once("exit", (code, signal) => {
      hasExited = true;
      if (isTerminating && !isTreeAlive()) clearTimeout(killTimer);
      // A background grandchild may keep stderr open forever; do not wait on it for long.
      const drainTimer = setTimeout(() => child.stderr?.destroy(), settings.drainMs);
      void stderrSaved.then(() => {
        clearTimeout(drainTimer);
        if (signal !== null) resolve(withTail({ kind: "signaled" as const, signal }));
        else resolve(withTail({ kind: "exited" as const, exitCode: code ?? -1 }));
      });
    });
  });

  return {
    pid: child.pid,
    outcome,
    terminate: () => {
      // After the leader exits its process group id may be reused; never signal a stranger.
      if (isTerminating || hasExited || child.pid === undefined) return;
      isTerminating = true;
      signalTree("SIGTERM");
      killTimer = setTimeout(() => signalTree("SIGKILL"), settings.killGraceMs);
    },
    killNow: () => {
      clearTimeout(killTimer);
      signalTree("SIGKILL");
    },
  };
}
