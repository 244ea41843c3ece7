import { ReportTaskProgressCommand, SetTaskStatusCommand, type TaskObject } from "@aws-sdk/client-data-pipeline";
import type { S3Client } from "@aws-sdk/client-s3";
import { startShellTask, type ExecuteOptions } from "./execute-shell-task";
import { dispatchTask, type Dispatch } from "./executors/dispatch";
import { createS3Client } from "./executors/s3-location";
import type { LogEvent } from "./log-event";
import { AttemptLogTails } from "./log-tails";
import { planShellTask } from "./plan-shell-task";
import { describeError, isTaskNotFoundError, type SendCommand } from "./send-command";
import { findAttemptObject, readStringField } from "./task-fields";
import { reportShellOutcome, type TaskReport } from "./task-outcome";

export interface TaskRunContext {
  send: SendCommand;
  log: LogEvent;
  logDir: string;
  /** What the task inherits: already filtered (lib/runner/task-environment.ts), never the runner's whole environment. */
  env: NodeJS.ProcessEnv;
  /**
   * The runner's own environment: SQL and S3 work runs inside the runner on its behalf (its S3
   * endpoint and credential chain), unlike shell commands, which get only `env`.
   */
  runnerEnv: NodeJS.ProcessEnv;
  /** --allow-absolute-output-paths */
  allowAbsoluteOutputPaths?: boolean;
  progressIntervalMs: number;
  execute: ExecuteOptions;
  slot: number;
}

export type LeasedTask = TaskObject & { taskId: string };

type ProgressAnswer = "ok" | "canceled" | "lease-lost" | "error";

/** Why the task ended without a SetTaskStatus call. */
type StopReason = "canceled" | "lease-lost" | "abandoned";

/**
 * One handed-out task from ack to SetTaskStatus: acknowledge, run, keep the lease alive with
 * progress reports, and report the outcome, unless the server canceled it or the lease is gone.
 */
export class TaskRun {
  /** The running shell process or executor, to stop when the server cancels or the runner shuts down. */
  private execution: { terminate(): void; killNow(): void } | undefined;
  /** Output tails sent with progress reports (lib/runner/log-tails.ts). */
  private tails: AttemptLogTails | undefined;
  private stopReason: StopReason | undefined;
  private hasEnded = false;
  private readonly startedAt = Date.now();

  constructor(
    private readonly task: LeasedTask,
    private readonly context: TaskRunContext,
  ) {}

  private get ids(): Record<string, string | number | undefined> {
    return { slot: this.context.slot, pipeline: this.task.pipelineId, attempt: this.task.attemptId };
  }

  async run(): Promise<void> {
    const attempt = findAttemptObject(this.task);
    this.context.log("task", { ...this.ids, type: attempt && readStringField(attempt, "type") });
    const ack = await this.reportProgress("ack");
    if (ack !== "ok") {
      if (ack === "canceled") this.context.log("canceled", this.ids);
      // On "error" the server hands the task out again once the ack deadline passes.
      return;
    }
    if (this.stopReason) return;

    const dispatched = dispatchTask(this.task);
    if (dispatched.kind === "rejected") {
      await this.setStatus(dispatched.report);
      return;
    }
    if (dispatched.kind === "executor") {
      await this.runExecutor(dispatched);
      return;
    }

    const planned = planShellTask(this.task, this.context.logDir, {
      allowAbsoluteOutputPaths: this.context.allowAbsoluteOutputPaths ?? false,
    });
    if (!planned.ok) {
      await this.setStatus({ taskStatus: "FAILED", errorId: planned.errorId, errorMessage: planned.errorMessage });
      return;
    }
    const { plan } = planned;
    this.tails = await AttemptLogTails.begin(plan.stdoutPath, plan.stderrPath);
    const execution = await startShellTask(
      {
        program: plan.program,
        args: plan.args,
        env: { ...this.context.env, ...plan.env },
        stdoutPath: plan.stdoutPath,
        stderrPath: plan.stderrPath,
      },
      this.context.execute,
    );
    this.execution = execution;
    if (this.stopReason) execution.terminate();

    const stopProgress = this.keepLeaseAlive();
    const outcome = await execution.outcome;
    this.hasEnded = true;
    stopProgress();

    if (this.stopReason) {
      // A lost lease was logged when the server said so; the other two are logged here, once.
      if (this.stopReason !== "lease-lost") {
        this.context.log(this.stopReason === "abandoned" ? "killed" : "canceled", this.ids);
      }
      return;
    }
    // The final tails go with one last report, since SetTaskStatus has no fields of its own.
    if ((await this.reportProgress("final")) === "canceled") {
      this.context.log("canceled", this.ids);
      return;
    }
    const exitCode = outcome.kind === "exited" ? outcome.exitCode : undefined;
    await this.setStatus(reportShellOutcome(plan.kind, outcome), exitCode);
  }

  /** A non-shell task type (SqlActivity, CopyActivity, S3 preconditions): same lease keeping, stopped through an AbortSignal. */
  private async runExecutor(dispatched: Extract<Dispatch, { kind: "executor" }>): Promise<void> {
    const controller = new AbortController();
    let s3: S3Client | undefined;
    this.execution = { terminate: () => controller.abort(), killNow: () => controller.abort() };
    if (this.stopReason) controller.abort();
    const stopProgress = this.keepLeaseAlive();
    // Drivers do not all give up a connection attempt when it is closed under them (pg and mysql2
    // during the handshake): once stopped, the task ends here whatever the executor still waits on.
    const stopped = new Promise<undefined>((resolve) =>
      controller.signal.addEventListener("abort", () => resolve(undefined), { once: true }),
    );
    const report = await Promise.race([
      dispatched.run({
        env: this.context.runnerEnv,
        signal: controller.signal,
        log: (event, fields) => this.context.log(event, { ...this.ids, ...fields }),
        s3: () => (s3 ??= createS3Client(this.context.runnerEnv)),
      }),
      stopped,
    ]);
    this.hasEnded = true;
    stopProgress();
    s3?.destroy();
    if (this.stopReason || report === undefined) {
      if (this.stopReason !== "lease-lost")
        this.context.log(this.stopReason === "abandoned" ? "killed" : "canceled", this.ids);
      return;
    }
    await this.setStatus(report);
  }

  /** Shutdown ran out of time: stop the process and leave the lease to expire on the server. */
  abandon(): void {
    this.stop("abandoned");
  }

  /** Second signal: no grace at all. */
  killNow(): void {
    this.stopReason ??= "abandoned";
    this.execution?.killNow();
  }

  private stop(reason: StopReason): void {
    this.stopReason ??= reason;
    this.execution?.terminate();
  }

  private keepLeaseAlive(): () => void {
    let timer: NodeJS.Timeout | undefined;
    let isDone = false;
    const tick = async (): Promise<void> => {
      const answer = await this.reportProgress("progress");
      if (isDone) return;
      if (answer === "canceled" || answer === "lease-lost") this.stop(answer);
      else schedule();
    };
    const schedule = (): void => {
      timer = setTimeout(() => void tick(), this.context.progressIntervalMs);
    };
    schedule();
    return () => {
      isDone = true;
      clearTimeout(timer);
    };
  }

  private async reportProgress(during: "ack" | "progress" | "final"): Promise<ProgressAnswer> {
    const fields = during === "ack" || !this.tails ? [] : await this.tails.changedFields();
    if (during === "final" && fields.length === 0) return "ok";
    try {
      const answer = await this.context.send(
        new ReportTaskProgressCommand({ taskId: this.task.taskId, ...(fields.length ? { fields } : {}) }),
      );
      this.tails?.sent(fields);
      return answer.canceled === true ? "canceled" : "ok";
    } catch (error) {
      // A report still in flight when the process ended is moot; SetTaskStatus has the last word.
      if (this.hasEnded) return "ok";
      if (isTaskNotFoundError(error)) {
        this.context.log("lease-lost", { ...this.ids, during });
        return "lease-lost";
      }
      this.context.log("error", { ...this.ids, during, error: describeError(error) });
      return "error";
    }
  }

  private async setStatus(report: TaskReport, exitCode?: number): Promise<void> {
    try {
      await this.context.send(new SetTaskStatusCommand({ taskId: this.task.taskId, ...report }));
    } catch (error) {
      if (isTaskNotFoundError(error)) this.context.log("lease-lost", { ...this.ids, during: "set-status" });
      else this.context.log("error", { ...this.ids, during: "set-status", error: describeError(error) });
      return;
    }
    const event = report.taskStatus === "FINISHED" ? "finished" : report.taskStatus === "FALSE" ? "false" : "failed";
    this.context.log(event, {
      ...this.ids,
      exitCode,
      errorId: report.errorId,
      seconds: Math.round((Date.now() - this.startedAt) / 100) / 10,
    });
  }
}
