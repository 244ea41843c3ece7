import { applyParameterValues } from "@/lib/definition/apply-parameters";
import { indexObjectsById, resolveEffectiveFields } from "@/lib/definition/inheritance";
import type { PipelineObject } from "@/lib/protocol/types";
import { readComponentSettings, type ComponentSettings, type SettingsDefaults } from "./component-settings";
import { readScheduleSpec, type ScheduleSpec } from "./schedule-intervals";

// The active definition read once into what the scheduler acts on: which components run (activities),
// on which schedule, and the settings of every component an instance can be made of.

export interface PipelinePlan {
  objects: PipelineObject[];
  byId: ReadonlyMap<string, PipelineObject>;
  /** Activities: the components that get instances of their own on their schedule. */
  activityIds: string[];
  settings: ReadonlyMap<string, ComponentSettings>;
  schedules: ReadonlyMap<string, ScheduleSpec>;
}

/**
 * `parameters`: the active version's parameter values (activation values over stored ones, else
 * defaults); settings and schedules are read with them substituted, while `objects` stay as put.
 */
export function buildPipelinePlan(
  objects: PipelineObject[],
  defaults: SettingsDefaults,
  parameters: ReadonlyMap<string, readonly string[]> = new Map(),
): PipelinePlan {
  const byId = indexObjectsById(objects);
  const resolvedById = indexObjectsById(applyParameterValues(objects, parameters));
  const settings = new Map<string, ComponentSettings>();
  const schedules = new Map<string, ScheduleSpec>();
  for (const o of objects) {
    const s = readComponentSettings(o.id, resolvedById, defaults);
    settings.set(o.id, s);
    if (s.kind === "schedule") {
      const spec = readScheduleSpec(resolveEffectiveFields(o.id, resolvedById).fields);
      if (spec) schedules.set(o.id, spec);
    }
  }
  const activityIds = objects.map((o) => o.id).filter((id) => settings.get(id)?.kind === "activity");
  return { objects, byId, activityIds, settings, schedules };
}

/** An activity runs on demand when its scheduleType says so or its Schedule is the on-demand one. */
export function isOnDemand(plan: PipelinePlan, s: ComponentSettings): boolean {
  if (s.scheduleType === "ondemand") return true;
  const spec = s.scheduleId ? plan.schedules.get(s.scheduleId) : undefined;
  return spec?.onDemand ?? false;
}
