import { describe, expect, it } from "vitest";
import { taskEnvironment } from "./task-environment";

describe("taskEnvironment", () => {
  const runnerEnv = {
    PATH: "/usr/bin:/bin",
    HOME: "/home/runner",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    AWS_ACCESS_KEY_ID: "AKIARUNNER",
    AWS_SECRET_ACCESS_KEY: "runner-secret",
    AWS_SESSION_TOKEN: "token",
    DATABASE_URL: "postgres://secret@db/x",
    PGHOST: "db.internal",
  };

  it("passes the allow list and the task's own variables, never the runner's credentials", () => {
    const env = taskEnvironment(runnerEnv, [], { PIPELINEHOUSE_TASK_ID: "t-1" });
    expect(env).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/home/runner",
      LANG: "C.UTF-8",
      LC_ALL: "C.UTF-8",
      PIPELINEHOUSE_TASK_ID: "t-1",
    });
  });

  it("passes what the operator names with --pass-env", () => {
    const env = taskEnvironment(runnerEnv, ["PGHOST"]);
    expect(env.PGHOST).toBe("db.internal");
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });
});
