import {
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  type TaskObject,
} from "@aws-sdk/client-data-pipeline";
import { startShellTask, type ExecuteOptions, type ShellExecution } from "./execute-shell-task";
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
  /** The runner's own environment, which the task inherits. */
  env: NodeJS.ProcessEnv;
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
  private execution: ShellExecution | undefined;
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

    const planned = planShellTask(this.task, this.context.logDir);
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
      const answer = await this.context.send(new ReportTaskProgressCommand({ taskId: this.task.taskId, ...(fields.length ? { fields } : {}) }));
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
