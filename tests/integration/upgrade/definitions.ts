import type { PipelineObject } from "@aws-sdk/client-data-pipeline";

// The definitions the upgrade fixture was made with (fill-previous-release.ts) and the test
// compares the upgraded server's answers to.

const defaults = (workerGroup: string, extra: { key: string; stringValue: string }[] = []): PipelineObject => ({
  id: "Default",
  name: "Default",
  fields: [
    { key: "scheduleType", stringValue: "ondemand" },
    { key: "workerGroup", stringValue: workerGroup },
    ...extra,
  ],
});

const shell = (id: string, command: string, extra: PipelineObject["fields"] = []): PipelineObject => ({
  id,
  name: id,
  fields: [
    { key: "type", stringValue: "ShellCommandActivity" },
    { key: "command", stringValue: command },
    ...(extra ?? []),
  ],
});

export const UPGRADE_DEFINITIONS = {
  /** One run, FINISHED. Tagged. */
  finished: [defaults("upg-finished"), shell("Hello", "echo hello")],
  /** One run, FAILED (no retries). */
  failed: [defaults("upg-failed", [{ key: "maximumRetries", stringValue: "0" }]), shell("Broken", "exit 1")],
  /** Step1 handed out, not acknowledged; Step2 waits on it. */
  handedOut: [
    defaults("upg-handed-out"),
    shell("Step1", "echo one"),
    shell("Step2", "echo two", [{ key: "dependsOn", refValue: "Step1" }]),
  ],
  /** Activated; its task waits for a runner. */
  waiting: [defaults("upg-waiting"), shell("Wait", "echo waiting")],
  /** Defined, never activated. */
  pending: [defaults("upg-pending"), shell("Later", "echo later")],
} satisfies Record<string, PipelineObject[]>;

export interface UpgradeFixture {
  finished: string;
  failed: string;
  handedOut: string;
  handedOutTaskId: string;
  waiting: string;
  pending: string;
  madeAt: string;
}
