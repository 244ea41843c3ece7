import {
  DescribePipelinesCommand,
  GetPipelineDefinitionCommand,
  ListPipelinesCommand,
  type DataPipelineClient,
  type ParameterObject,
  type ParameterValue,
  type PipelineDescription,
  type PipelineObject,
  type Tag,
} from "@aws-sdk/client-data-pipeline";

// `npm run admin -- import-from-aws`: reads pipelines from AWS Data Pipeline (or anything that
// speaks its API) with the AWS SDK and creates them here under the same name and uniqueId, with
// their definition, parameter objects and values, description and tags; activates what was active
// when asked. Idempotent on uniqueId: a pipeline that is already here with the same definition and
// tags is left alone, so a second run changes nothing. A pipeline that cannot be read or created is
// reported and the others go on.

export interface Definition {
  objects: PipelineObject[];
  parameterObjects: ParameterObject[];
  parameterValues: ParameterValue[];
}

export interface PutResult {
  errored: boolean;
  validationErrors: { id: string; errors: string[] }[];
}

/** Where pipelines are created: this server's operations, in-process (./local-target.ts). */
export interface ImportTarget {
  /** CreatePipeline's idempotency: the live pipeline with this name and uniqueId, or a new one. */
  findOrCreate(input: {
    name: string;
    uniqueId: string;
    description?: string;
    tags: Tag[];
  }): Promise<{ pipelineId: string; created: boolean }>;
  getDefinition(pipelineId: string): Promise<Definition>;
  putDefinition(pipelineId: string, definition: Definition): Promise<PutResult>;
  describe(pipelineId: string): Promise<{ state: string; tags: Tag[] }>;
  addTags(pipelineId: string, tags: Tag[]): Promise<void>;
  activate(pipelineId: string): Promise<void>;
  delete(pipelineId: string): Promise<void>;
}

export interface ImportOptions {
  /** Only these pipeline ids (as AWS knows them); default every pipeline the source lists. */
  pipelineIds?: string[];
  activate: boolean;
}

export type ImportStatus = "created" | "updated" | "unchanged" | "failed";

export interface ImportReport {
  sourceId: string;
  name?: string;
  uniqueId?: string;
  targetId?: string;
  status: ImportStatus;
  /** What was done or found, one line each. */
  notes: string[];
  /** Validation errors by object id, when the definition was refused. */
  validationErrors?: { id: string; errors: string[] }[];
}

const DESCRIBE_BATCH = 25;

const field = (d: PipelineDescription, key: string) => d.fields?.find((f) => f.key === key)?.stringValue;

async function listSourceIds(source: DataPipelineClient): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await source.send(new ListPipelinesCommand({ marker }));
    ids.push(...(page.pipelineIdList ?? []).map((p) => p.id!).filter(Boolean));
    marker = page.hasMoreResults ? page.marker : undefined;
  } while (marker);
  return ids;
}

/** Canonical JSON (sorted keys) so definitions compare by content, not by key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Only what a definition is made of (the SDK adds nothing else, but a server might). */
function normaliseDefinition(d: Definition): Definition {
  return {
    objects: d.objects.map((o) => ({
      id: o.id,
      name: o.name,
      fields: (o.fields ?? []).map((f) => ({ key: f.key, stringValue: f.stringValue, refValue: f.refValue })),
    })),
    parameterObjects: d.parameterObjects.map((p) => ({
      id: p.id,
      attributes: (p.attributes ?? []).map((a) => ({ key: a.key, stringValue: a.stringValue })),
    })),
    parameterValues: d.parameterValues.map((v) => ({ id: v.id, stringValue: v.stringValue })),
  };
}

export function sameDefinition(a: Definition, b: Definition): boolean {
  return canonical(normaliseDefinition(a)) === canonical(normaliseDefinition(b));
}

function missingTags(wanted: Tag[], present: Tag[]): Tag[] {
  const have = new Map(present.map((t) => [t.key, t.value]));
  return wanted.filter((t) => have.get(t.key) !== t.value);
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return e?.name && e.name !== "Error" ? `${e.name}: ${e.message ?? ""}` : (e?.message ?? String(error));
}

async function importOne(
  source: DataPipelineClient,
  target: ImportTarget,
  description: PipelineDescription,
  options: ImportOptions,
): Promise<ImportReport> {
  const sourceId = description.pipelineId!;
  const name = description.name ?? field(description, "name") ?? sourceId;
  const uniqueId = field(description, "uniqueId") ?? sourceId;
  const report: ImportReport = { sourceId, name, uniqueId, status: "unchanged", notes: [] };
  try {
    const got = await source.send(new GetPipelineDefinitionCommand({ pipelineId: sourceId, version: "latest" }));
    const definition: Definition = {
      objects: got.pipelineObjects ?? [],
      parameterObjects: got.parameterObjects ?? [],
      parameterValues: got.parameterValues ?? [],
    };
    const tags = description.tags ?? [];
    const { pipelineId, created } = await target.findOrCreate({
      name,
      uniqueId,
      description: description.description,
      tags,
    });
    report.targetId = pipelineId;
    if (created) {
      report.status = "created";
      report.notes.push(
        `created ${pipelineId}${tags.length ? ` with ${tags.length} tag${tags.length === 1 ? "" : "s"}` : ""}`,
      );
    }

    if (definition.objects.length === 0) {
      report.notes.push("the source pipeline has no definition");
    } else if (!sameDefinition(definition, await target.getDefinition(pipelineId))) {
      const put = await target.putDefinition(pipelineId, definition);
      if (put.errored) {
        report.validationErrors = put.validationErrors;
        if (created) {
          // A pipeline whose definition is refused is not left behind empty; the next run tries again.
          await target.delete(pipelineId);
          report.targetId = undefined;
        }
        report.status = "failed";
        report.notes.push("the definition has validation errors here and was not imported");
        return report;
      }
      if (!created) report.status = "updated";
      report.notes.push(
        `definition: ${definition.objects.length} objects, ${definition.parameterObjects.length} parameters, ${definition.parameterValues.length} values`,
      );
    }

    if (!created) {
      const missing = missingTags(tags, (await target.describe(pipelineId)).tags);
      if (missing.length > 0) {
        await target.addTags(pipelineId, missing);
        if (report.status === "unchanged") report.status = "updated";
        report.notes.push(`tags: ${missing.map((t) => `${t.key}=${t.value}`).join(", ")}`);
      }
    }

    const sourceState = field(description, "@pipelineState");
    if (sourceState === "SCHEDULED") {
      const here = (await target.describe(pipelineId)).state;
      if (!options.activate) report.notes.push("active on the source; not activated here (pass --activate)");
      else if (here === "PENDING" || here === "INACTIVE") {
        await target.activate(pipelineId);
        if (report.status === "unchanged") report.status = "updated";
        report.notes.push("activated");
      } else report.notes.push(`already ${here} here`);
    }
    return report;
  } catch (error) {
    report.status = "failed";
    report.notes.push(describeError(error));
    return report;
  }
}

export async function importFromAws(
  source: DataPipelineClient,
  target: ImportTarget,
  options: ImportOptions,
): Promise<ImportReport[]> {
  let ids: string[];
  try {
    ids = options.pipelineIds?.length ? [...new Set(options.pipelineIds)] : await listSourceIds(source);
  } catch (error) {
    return [
      {
        sourceId: "(list)",
        status: "failed",
        notes: [`could not list the source's pipelines: ${describeError(error)}`],
      },
    ];
  }
  const reports: ImportReport[] = [];
  for (let i = 0; i < ids.length; i += DESCRIBE_BATCH) {
    const batch = ids.slice(i, i + DESCRIBE_BATCH);
    let descriptions: PipelineDescription[];
    try {
      descriptions =
        (await source.send(new DescribePipelinesCommand({ pipelineIds: batch }))).pipelineDescriptionList ?? [];
    } catch {
      // One unknown id fails the whole DescribePipelines call: ask one by one to find which.
      descriptions = [];
      for (const id of batch) {
        try {
          descriptions.push(
            ...((await source.send(new DescribePipelinesCommand({ pipelineIds: [id] }))).pipelineDescriptionList ?? []),
          );
        } catch (error) {
          reports.push({ sourceId: id, status: "failed", notes: [`could not read it: ${describeError(error)}`] });
        }
      }
    }
    for (const d of descriptions) reports.push(await importOne(source, target, d, options));
  }
  return reports;
}

/** The lines the command prints: one per pipeline, then its notes and validation errors, then a summary. */
export function formatImportReport(reports: ImportReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const label = r.name ? `${r.name} (uniqueId ${r.uniqueId}, ${r.sourceId})` : r.sourceId;
    lines.push(`${r.status.padEnd(9)} ${label}${r.targetId ? ` -> ${r.targetId}` : ""}`);
    for (const n of r.notes) lines.push(`          ${n}`);
    for (const v of r.validationErrors ?? []) lines.push(`          ${v.id}: ${v.errors.join("; ")}`);
  }
  const count = (s: ImportStatus) => reports.filter((r) => r.status === s).length;
  lines.push(
    `${reports.length} pipelines: ${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged, ${count("failed")} failed`,
  );
  return lines.join("\n");
}
