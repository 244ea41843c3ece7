// URL state of every console page, validated with zod on the server and in the browser. Defaults
// are stripped when writing URLs, so a clean URL means "the default view".
import { z } from "zod";
import { unstorableReason } from "@/lib/protocol/hostile-input";
import { DEFINITION_VERSIONS } from "@/lib/console/definition-versions";
import { PIPELINE_HEALTH_FILTERS, PIPELINE_SORTS } from "@/lib/console/pipeline-triage";
import { PIPELINE_STATES, formatStatusFilter, parseStatusFilter } from "@/lib/objects/statuses";

type RawSearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

/**
 * The first value of each key; invalid values fall back to defaults rather than failing the page.
 * A value Postgres could not store (NUL, an unpaired surrogate, e.g. from `%00`) is dropped: no
 * filter could match it anyway.
 */
function flatten(raw: RawSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw instanceof URLSearchParams) {
    raw.forEach((v, k) => {
      if (unstorableReason(v) === null) out[k] ??= v;
    });
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && unstorableReason(first) === null) out[k] = first;
  }
  return out;
}

const text = (max: number) => z.string().trim().max(max).catch("");

export const PipelinesSearch = z.object({
  q: text(200).default(""),
  state: z
    .enum(["", ...PIPELINE_STATES])
    .catch("")
    .default(""),
  health: z.enum(PIPELINE_HEALTH_FILTERS).catch("").default(""),
  /** `attention` (the default): ERROR first. */
  sort: z.enum(PIPELINE_SORTS).catch("attention").default("attention"),
});
export type PipelinesSearch = z.infer<typeof PipelinesSearch>;

export const ObjectsSearch = z.object({ q: text(200).default(""), type: text(200).default("") });
export type ObjectsSearch = z.infer<typeof ObjectsSearch>;

export const InstancesSearch = z.object({
  /** `attention` (failed or not finished), `not-finished`, `all`, or statuses separated by commas (written in canonical order). */
  status: z
    .string()
    .transform((v, ctx) => {
      const parsed = parseStatusFilter(v);
      if (!parsed) {
        ctx.addIssue({ code: "custom", message: "not a status filter" });
        return z.NEVER;
      }
      return parsed.kind === "statuses" ? formatStatusFilter(parsed.statuses) : parsed.kind;
    })
    .catch("attention")
    .default("attention"),
  component: text(1024).default(""),
  after: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
});
export type InstancesSearch = z.infer<typeof InstancesSearch>;

export const DefinitionSearch = z.object({ version: z.enum(DEFINITION_VERSIONS).catch("latest").default("latest") });
export type DefinitionSearch = z.infer<typeof DefinitionSearch>;

export const ObjectSearch = z.object({ expr: z.string().max(10_000).catch("").default("") });
export type ObjectSearch = z.infer<typeof ObjectSearch>;

export const AuditSearch = z.object({
  pipeline: text(1024).default(""),
  actor: text(1024).default(""),
  action: text(200).default(""),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
});
export type AuditSearch = z.infer<typeof AuditSearch>;

export function parseSearch<S extends z.ZodType>(schema: S, raw: RawSearchParams): z.infer<S> {
  return schema.parse(flatten(raw));
}

/** A URL with only the values that differ from the defaults. */
export function withSearch(
  path: string,
  values: Record<string, string | undefined>,
  defaults: Record<string, string> = {},
): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "" && v !== defaults[k]) sp.set(k, v);
  // Commas are legal in a query string; left unescaped, lists such as `status=FAILED,RUNNING` stay readable.
  const s = sp.toString().replace(/%2C/gi, ",");
  return s ? `${path}?${s}` : path;
}

export const RUN_GRID_SIZES = ["10", "20", "50"] as const;

export const RunsSearch = z.object({
  /** Runs scheduled before this instant (the key of the last run of the previous page). */
  before: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
    .optional()
    .catch(undefined),
  limit: z.enum(RUN_GRID_SIZES).catch("20").default("20"),
  /** "all": every object with instances; default: activities only. */
  rows: z.enum(["activities", "all"]).catch("activities").default("activities"),
});
export type RunsSearch = z.infer<typeof RunsSearch>;
