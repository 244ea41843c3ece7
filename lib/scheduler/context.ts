import { getSettings } from "@/lib/config/settings";
import type { ParameterObject, ParameterValue } from "@/lib/protocol/types";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { findComponentRows } from "@/lib/store/objects";
import type { Pipeline } from "@/lib/store/pipelines";
import type { Tx } from "@/lib/store/transaction";
import { buildPipelinePlan, type PipelinePlan } from "./pipeline-plan";

/** Everything the scheduler needs about one pipeline's active version, loaded once per transaction. */
export interface SchedulerContext {
  pipelineId: string;
  pipelineState: string;
  version: number;
  plan: PipelinePlan;
  parameterObjects: ParameterObject[];
  parameterValues: ParameterValue[];
  firstActivatedAt: Date | null;
  resumeFrom: Date | null;
  pausedComponents: ReadonlySet<string>;
  ackTimeoutSeconds: number;
  progressTimeoutSeconds: number;
}

interface CachedVersion {
  plan: PipelinePlan;
  parameterObjects: ParameterObject[];
  parameterValues: ParameterValue[];
}

// A definition version never changes once saved (activation values change only with a new
// activation, which is part of the key), so its plan is built once per process and reused by every
// SetTaskStatus that needs it.
const planCache = new Map<string, CachedVersion>();
const PLAN_CACHE_LIMIT = 500;

async function loadVersion(tx: Tx, pipeline: Pipeline, version: number): Promise<CachedVersion | null> {
  const key = `${pipeline.id}:${version}:${pipeline.activationCount}`;
  const hit = planCache.get(key);
  if (hit) return hit;
  const def = await getDefinitionVersion(tx, pipeline.id, version);
  if (!def) return null;
  const settings = getSettings();
  const loaded: CachedVersion = {
    plan: buildPipelinePlan(def.objects, {
      maximumRetries: settings.DEFAULT_MAXIMUM_RETRIES,
      retryDelayMs: settings.DEFAULT_RETRY_DELAY_SECONDS * 1000,
      durationScale: settings.DURATION_SCALE,
    }),
    parameterObjects: def.parameterObjects,
    parameterValues: def.activationValues ?? def.parameterValues,
  };
  if (planCache.size >= PLAN_CACHE_LIMIT) planCache.delete(planCache.keys().next().value as string);
  planCache.set(key, loaded);
  return loaded;
}

export async function loadSchedulerContext(tx: Tx, pipeline: Pipeline): Promise<SchedulerContext | null> {
  if (pipeline.activeVersion === null || pipeline.deletedAt) return null;
  const version = await loadVersion(tx, pipeline, pipeline.activeVersion);
  if (!version) return null;
  const settings = getSettings();
  const components = await findComponentRows(tx, pipeline.id, pipeline.activeVersion);
  return {
    pipelineId: pipeline.id,
    pipelineState: pipeline.state,
    version: pipeline.activeVersion,
    plan: version.plan,
    parameterObjects: version.parameterObjects,
    parameterValues: version.parameterValues,
    firstActivatedAt: pipeline.firstActivatedAt,
    resumeFrom: pipeline.resumeFrom,
    pausedComponents: new Set(components.filter((c) => c.status === "PAUSED").map((c) => c.objectId)),
    ackTimeoutSeconds: settings.ACK_TIMEOUT_SECONDS,
    progressTimeoutSeconds: settings.PROGRESS_TIMEOUT_SECONDS,
  };
}
