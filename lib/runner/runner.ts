import { PollForTaskCommand, ReportTaskRunnerHeartbeatCommand, type TaskObject } from "@aws-sdk/client-data-pipeline";
import { computeBackoffDelay, DEFAULT_BACKOFF, sleepUnlessAborted, type BackoffPolicy } from "./backoff";
import type { ExecuteOptions } from "./execute-shell-task";
import { createConsoleLogger, type LogEvent } from "./log-event";
import { TaskRun, type LeasedTask, type TaskRunContext } from "./run-task";
import { describeError, type SendCommand } from "./send-command";
import { taskEnvironment } from "./task-environment";

export interface TaskRunnerOptions {
  send: SendCommand;
  workerGroup: string;
  hostname: string;
  runnerId: string;
  logDir: string;
  /** Independent poll loops, hence tasks run at once. */
  concurrency?: number;
  progressIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** After stop(), how long running tasks may take before they are killed. */
  shutdownGraceMs?: number;
  /** Stop polling once this many tasks have been taken. */
  maxTasks?: number;
  /** Each poll loop ends when a poll comes back empty. */
  exitWhenIdle?: boolean;
  /** Pause after an empty poll that came back early, so a server without long polling is not hammered. */
  idlePollDelayMs?: number;
  log?: LogEvent;
  /** The runner's environment (default process.env); tasks get only the allow list of it (task-environment.ts). */
  env?: NodeJS.ProcessEnv;
  /** More variable names tasks may inherit (--pass-env). */
  passEnv?: readonly string[];
  /** Let stdout/stderr point outside logDir (--allow-absolute-output-paths). */
  allowAbsoluteOutputPaths?: boolean;
  execute?: ExecuteOptions;
  backoff?: BackoffPolicy;
  random?: () => number;
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULTS = {
  concurrency: 1,
  progressIntervalMs: 60_000,
  heartbeatIntervalMs: 900_000,
  shutdownGraceMs: 30_000,
  idlePollDelayMs: 1_000,
};

/**
 * Polls one worker group with N independent loops and runs what it gets. start() resolves once
 * every loop has ended and every running task has been reported (or killed).
 */
export class TaskRunner {
  private readonly options: TaskRunnerOptions & typeof DEFAULTS;
  private readonly log: LogEvent;
  private readonly stopPolling = new AbortController();
  private readonly activeTasks = new Set<TaskRun>();
  private takenTasks = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(options: TaskRunnerOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.log = options.log ?? createConsoleLogger();
  }

  get isStopping(): boolean {
    return this.stopPolling.signal.aborted;
  }

  start(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  /** Graceful stop: no new polls, running tasks get the shutdown grace, then they are killed. */
  stop(reason = "stop"): Promise<void> {
    this.stopTakingTasks(reason);
    if (this.graceTimer === undefined && this.activeTasks.size > 0) {
      this.graceTimer = setTimeout(() => {
        for (const task of this.activeTasks) task.abandon();
      }, this.options.shutdownGraceMs);
    }
    return this.running ?? Promise.resolve();
  }

  /** Immediate stop: SIGKILL every running task. Their leases expire on the server. */
  killAll(): void {
    this.stopTakingTasks("kill");
    for (const task of this.activeTasks) task.killNow();
  }

  private async run(): Promise<void> {
    const { runnerId, workerGroup, hostname, concurrency } = this.options;
    this.log("started", { runnerId, workerGroup, hostname, concurrency });
    await this.sendHeartbeat();
    this.scheduleHeartbeat();
    const slots = Array.from({ length: concurrency }, (_, index) => this.runSlot(index + 1));
    await Promise.all(slots);
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.graceTimer);
    this.log("stopped", { runnerId, tasks: this.takenTasks });
  }

  private stopTakingTasks(reason: string): void {
    if (this.isStopping) return;
    this.stopPolling.abort();
    clearTimeout(this.heartbeatTimer);
    this.log("stopping", { reason, runningTasks: this.activeTasks.size });
  }

  private reserveTask(): boolean {
    const { maxTasks } = this.options;
    if (maxTasks !== undefined && this.takenTasks >= maxTasks) return false;
    this.takenTasks += 1;
    return true;
  }

  private async runSlot(slot: number): Promise<void> {
    const signal = this.stopPolling.signal;
    let failures = 0;
    while (!this.isStopping && this.reserveTask()) {
      const polledAt = Date.now();
      let task: TaskObject | undefined;
      try {
        const answer = await this.options.send(
          new PollForTaskCommand({ workerGroup: this.options.workerGroup, hostname: this.options.hostname }),
          { abortSignal: signal },
        );
        task = answer.taskObject;
        failures = 0;
      } catch (error) {
        this.takenTasks -= 1;
        if (this.isStopping) return;
        failures += 1;
        const retryInMs = computeBackoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
        this.log("poll-error", { slot, error: describeError(error), retryInMs });
        await this.wait(retryInMs);
        continue;
      }

      if (task?.taskId === undefined) {
        this.takenTasks -= 1;
        if (task) this.log("error", { slot, error: "PollForTask returned a task without a taskId" });
        if (this.options.exitWhenIdle) {
          this.log("polled", { slot, task: "none" });
          return;
        }
        const earlyBy = this.options.idlePollDelayMs - (Date.now() - polledAt);
        if (earlyBy > 0) await this.wait(earlyBy);
        continue;
      }
      if (this.isStopping) {
        // Stopped while the answer was in flight: leave it unacknowledged so it is handed out again.
        this.takenTasks -= 1;
        return;
      }
      await this.runTask({ ...task, taskId: task.taskId }, slot);
    }
  }

  private async runTask(task: LeasedTask, slot: number): Promise<void> {
    const context: TaskRunContext = {
      send: this.options.send,
      log: this.log,
      logDir: this.options.logDir,
      env: taskEnvironment(this.options.env ?? process.env, this.options.passEnv),
      runnerEnv: this.options.env ?? process.env,
      allowAbsoluteOutputPaths: this.options.allowAbsoluteOutputPaths ?? false,
      progressIntervalMs: this.options.progressIntervalMs,
      execute: this.options.execute ?? {},
      slot,
    };
    const run = new TaskRun(task, context);
    this.activeTasks.add(run);
    try {
      await run.run();
    } catch (error) {
      // TaskRun reports its own failures; this only guards the loop against a bug in it.
      this.log("error", { slot, attempt: task.attemptId, error: describeError(error) });
    } finally {
      this.activeTasks.delete(run);
    }
  }

  private wait(ms: number): Promise<void> {
    const signal = this.stopPolling.signal;
    return this.options.delay ? this.options.delay(ms, signal) : sleepUnlessAborted(ms, signal);
  }

  private async sendHeartbeat(): Promise<void> {
    const { runnerId, workerGroup, hostname } = this.options;
    try {
      const answer = await this.options.send(
        new ReportTaskRunnerHeartbeatCommand({ taskrunnerId: runnerId, workerGroup, hostname }),
        { abortSignal: this.stopPolling.signal },
      );
      this.log("heartbeat", { terminate: answer.terminate === true });
      // terminate: finish what is running, take nothing new.
      if (answer.terminate === true) this.stopTakingTasks("terminate");
    } catch (error) {
      if (!this.isStopping) this.log("error", { during: "heartbeat", error: describeError(error) });
    }
  }

  private scheduleHeartbeat(): void {
    if (this.isStopping) return;
    this.heartbeatTimer = setTimeout(() => {
      void this.sendHeartbeat().then(() => this.scheduleHeartbeat());
    }, this.options.heartbeatIntervalMs);
  }
}
