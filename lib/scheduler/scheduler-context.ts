import { Lru } from "@/lib/cache/lru";
import { getSettings } from "@/lib/config/settings";
import type { ParameterObject, ParameterValue } from "@/lib/protocol/types";
import { resolveParameters } from "@/lib/objects/parameters";
import { getDefinitionVersion } from "@/lib/store/definitions";
import type { Pipeline } from "@/lib/store/pipelines";
import { findPausedComponentIds } from "@/lib/store/runtime-objects";
import type { Tx } from "@/lib/store/db";
import { buildPipelinePlan, isOnDemand, type PipelinePlan } from "./pipeline-plan";

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
const PLAN_CACHE_LIMIT = 500;
const planCache = new Lru<string, CachedVersion>(PLAN_CACHE_LIMIT);
// A new activation (a new key above) must read the version's activation values again, but they are
// usually the same as the last activation's (re-activating an on-demand pipeline gives none): the
// plan built from the same version and the same values is the same plan, so it is reused rather
// than rebuilt from the objects on every activation.
const plansByValues = new Lru<string, CachedVersion>(PLAN_CACHE_LIMIT);

async function loadVersion(tx: Tx, pipeline: Pipeline, version: number): Promise<CachedVersion | null> {
  const key = `${pipeline.id}:${version}:${pipeline.activationCount}`;
  const hit = planCache.get(key);
  if (hit) return hit;
  const def = await getDefinitionVersion(tx, pipeline.id, version);
  if (!def) return null;
  const parameterValues = def.activationValues ?? def.parameterValues;
  // The version's creation time tells a rewritten row apart (see getDefinitionVersion).
  const valuesKey = `${pipeline.id}:${version}:${def.createdAt.getTime()}:${JSON.stringify(parameterValues)}`;
  let loaded = plansByValues.get(valuesKey);
  if (!loaded) {
    const settings = getSettings();
    loaded = {
      plan: buildPipelinePlan(
        def.objects,
        {
          maximumRetries: settings.DEFAULT_MAXIMUM_RETRIES,
          retryDelayMs: settings.DEFAULT_RETRY_DELAY_SECONDS * 1000,
          durationScale: settings.DURATION_SCALE,
        },
        resolveParameters(def.parameterObjects, parameterValues),
      ),
      parameterObjects: def.parameterObjects,
      parameterValues,
    };
    plansByValues.set(valuesKey, loaded);
  }
  planCache.set(key, loaded);
  return loaded;
}

/**
 * Whether a pipeline's active plan has activities on a schedule (cron or timeseries), when that plan
 * is already built in this process; undefined when it is not (the caller must load it to know).
 */
export function planHasScheduledActivities(
  pipelineId: string,
  version: number,
  activationCount: number,
): boolean | undefined {
  const cached = planCache.get(`${pipelineId}:${version}:${activationCount}`);
  if (!cached) return undefined;
  return cached.plan.activityIds.some((id) => !isOnDemand(cached.plan, cached.plan.settings.get(id)!));
}

/** The active version's plan (cached like the scheduler's), or null when the pipeline has none. */
export async function loadActivePlan(tx: Tx, pipeline: Pipeline): Promise<PipelinePlan | null> {
  if (pipeline.activeVersion === null || pipeline.deletedAt) return null;
  return (await loadVersion(tx, pipeline, pipeline.activeVersion))?.plan ?? null;
}

export async function loadSchedulerContext(tx: Tx, pipeline: Pipeline): Promise<SchedulerContext | null> {
  if (pipeline.activeVersion === null || pipeline.deletedAt) return null;
  const version = await loadVersion(tx, pipeline, pipeline.activeVersion);
  if (!version) return null;
  const settings = getSettings();
  const paused = await findPausedComponentIds(tx, pipeline.id, pipeline.activeVersion);
  return {
    pipelineId: pipeline.id,
    pipelineState: pipeline.state,
    version: pipeline.activeVersion,
    plan: version.plan,
    parameterObjects: version.parameterObjects,
    parameterValues: version.parameterValues,
    firstActivatedAt: pipeline.firstActivatedAt,
    resumeFrom: pipeline.resumeFrom,
    pausedComponents: new Set(paused),
    ackTimeoutSeconds: settings.ACK_TIMEOUT_SECONDS,
    progressTimeoutSeconds: settings.PROGRESS_TIMEOUT_SECONDS,
  };
}
