// ActivatePipeline: validates the latest definition, freezes it as the active version and starts scheduling runs.
import { Lru } from "@/lib/cache/lru";
import { validateDefinition } from "@/lib/definition/validate-definition";
import { invalidRequest } from "@/lib/protocol/errors";
import type { ActivatePipelineInput } from "@/lib/protocol/schemas";
import type { ParameterValue, ValidationError } from "@/lib/protocol/types";
import { writeAudit } from "@/lib/store/audit";
import { getDefinitionVersion, markDefinitionActivated, pruneUnusedComponentVersions } from "@/lib/store/definitions";
import { setAllComponentStatus } from "@/lib/store/objects";
import { getPipelineOrThrow, updatePipeline } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";
import { onPipelineActivated } from "@/lib/scheduler/lifecycle-hooks";

/** Values given at activation replace the stored values of the same parameter id; the rest are kept. */
export function mergeParameterValues(stored: ParameterValue[], given: ParameterValue[] | undefined): ParameterValue[] {
  if (!given) return stored;
  const overridden = new Set(given.map((v) => v.id));
  return [...stored.filter((v) => !overridden.has(v.id)), ...given];
}

export function parseStartTimestamp(value: number | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidRequest(`Invalid startTimestamp: ${String(value)}`);
  return date;
}

function describeErrors(errors: ValidationError[]): string {
  return errors
    .flatMap((e) => (e.errors ?? []).map((m) => `${e.id ?? "?"}: ${m}`))
    .slice(0, 20)
    .join("; ");
}

// Versions (pipeline id:version:creation time) that passed the activation check with their own stored values.
// The check is a pure function of the version's objects, parameter objects and values, all of which
// never change once the version is saved (lib/store/definitions.ts), so re-activating the same
// version without new values (an on-demand pipeline run again and again) need not walk every object
// again. Activations that give values are checked every time.
const passedWithStoredValues = new Lru<string, true>(1_000);

export async function activatePipeline(
  input: ActivatePipelineInput,
  ctx: OperationContext,
): Promise<Record<string, never>> {
  const startTimestamp = parseStartTimestamp(input.startTimestamp);
  await runInTransaction(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId, { lock: true });
    if (pipeline.latestVersion === null)
      throw invalidRequest(`Pipeline ${pipeline.id} has no pipeline definition to activate`);
    const def = await getDefinitionVersion(tx, pipeline.id, pipeline.latestVersion);
    if (!def || def.objects.length === 0)
      throw invalidRequest(`Pipeline ${pipeline.id} has no pipeline definition to activate`);
    if (def.errored) {
      throw invalidRequest(
        `Pipeline ${pipeline.id} definition has validation errors and cannot be activated: ${describeErrors(def.validationErrors)}`,
      );
    }
    const values = mergeParameterValues(def.parameterValues, input.parameterValues);
    // The creation time tells a rewritten version row apart, as in getDefinitionVersion's cache.
    const checkedKey = `${pipeline.id}:${def.version}:${def.createdAt.getTime()}`;
    if (input.parameterValues || !passedWithStoredValues.get(checkedKey)) {
      const check = validateDefinition({
        objects: def.objects,
        parameterObjects: def.parameterObjects,
        parameterValues: values,
      });
      if (check.fatal.length || check.errors.length) {
        throw invalidRequest(
          `Pipeline ${pipeline.id} failed validation on activation: ${[...check.fatal, describeErrors(check.errors)].filter(Boolean).join("; ")}`,
        );
      }
      if (!input.parameterValues) passedWithStoredValues.set(checkedKey, true);
    }

    const now = new Date();
    await markDefinitionActivated(tx, pipeline.id, def.version, input.parameterValues ? values : null);
    await setAllComponentStatus(tx, pipeline.id, def.version, "SCHEDULED");
    await updatePipeline(tx, pipeline.id, {
      state: "SCHEDULED",
      activeVersion: def.version,
      activationCount: pipeline.activationCount + 1,
      firstActivatedAt: pipeline.firstActivatedAt ?? now,
      lastActivatedAt: now,
      resumeFrom: startTimestamp,
      finishedAt: null,
    });
    await pruneUnusedComponentVersions(tx, pipeline.id, [def.version]);
    await onPipelineActivated(tx, {
      pipelineId: pipeline.id,
      version: def.version,
      previousVersion: pipeline.activeVersion,
      startTimestamp,
      now,
    });
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "ActivatePipeline",
      pipelineId: pipeline.id,
      details: { version: def.version, ...(startTimestamp ? { startTimestamp: startTimestamp.toISOString() } : {}) },
    });
  });
  return {};
}
