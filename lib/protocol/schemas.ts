import { z } from "zod";

// Request shapes of every operation with the service model's limits (the service model in @aws-sdk/client-data-pipeline). Lengths are
// counted in Unicode code points, as Smithy does; strings must be XML-legal text (no control
// characters but TAB, CR and LF).

// eslint-disable-next-line no-control-regex
const ILLEGAL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function str(min: number, max: number | null, opts: { xmlText?: boolean } = {}) {
  const xmlText = opts.xmlText ?? true;
  return z.string().superRefine((value, ctx) => {
    // s.length bounds the code point count from above, so most values skip the exact count.
    const len = value.length <= (max ?? Infinity) && value.length >= min * 2 ? value.length : codePointLength(value);
    if (len < min) ctx.addIssue({ code: "custom", message: `Member must have length greater than or equal to ${min}` });
    else if (max !== null && len > max)
      ctx.addIssue({ code: "custom", message: `Member must have length less than or equal to ${max}` });
    else if (xmlText && ILLEGAL_CHARS.test(value)) {
      ctx.addIssue({ code: "custom", message: "Member must not contain control characters" });
    }
  });
}

export const Id = str(1, 1024);
export const Str = str(0, 1024);
export const FieldNameString = str(1, 256);
export const FieldStringValue = str(0, 10240);
export const LongString = str(0, 20_971_520);
export const TaskIdString = str(1, 2048);
/**
 * The model leaves errorMessage unbounded; ours is 1 MiB characters (a runner's whole log is not an
 * error message). SetTaskStatus stores at most STORED_ERROR_MESSAGE_CHARS of it on the attempt.
 */
export const ErrorMessage = str(0, 1_048_576);
/** A field value's limit: what the attempt object keeps of an errorMessage. */
export const STORED_ERROR_MESSAGE_CHARS = 10_240;

export const FieldInput = z.object({
  key: FieldNameString,
  stringValue: FieldStringValue.optional(),
  refValue: FieldNameString.optional(),
});
export const PipelineObjectInput = z.object({ id: Id, name: Id, fields: z.array(FieldInput) });
export const ParameterAttributeInput = z.object({ key: str(1, 256), stringValue: str(0, 10240) });
export const ParameterObjectInput = z.object({ id: FieldNameString, attributes: z.array(ParameterAttributeInput) });
export const ParameterValueInput = z.object({ id: FieldNameString, stringValue: FieldStringValue });
export const TagInput = z.object({ key: str(1, 128, { xmlText: false }), value: str(0, 256, { xmlText: false }) });
const TagList = z.array(TagInput).max(10, "Member must have length less than or equal to 10");
const IdList = z.array(Id);

export const CreatePipelineInput = z.object({
  name: Id,
  uniqueId: Id,
  description: Str.optional(),
  tags: TagList.optional(),
});
export const PipelineIdInput = z.object({ pipelineId: Id });
export const ListPipelinesInput = z.object({ marker: Str.optional() });
export const DescribePipelinesInput = z.object({
  pipelineIds: IdList.min(1, "Member must have length greater than or equal to 1").max(
    25,
    "Member must have length less than or equal to 25",
  ),
});
export const PutPipelineDefinitionInput = z.object({
  pipelineId: Id,
  pipelineObjects: z.array(PipelineObjectInput),
  parameterObjects: z.array(ParameterObjectInput).optional(),
  parameterValues: z.array(ParameterValueInput).optional(),
});
export const GetPipelineDefinitionInput = z.object({ pipelineId: Id, version: Str.optional() });
export const ActivatePipelineInput = z.object({
  pipelineId: Id,
  parameterValues: z.array(ParameterValueInput).optional(),
  // awsJson timestamps are epoch seconds (JS sends a fraction, botocore an integer); ISO text is accepted too.
  startTimestamp: z.union([z.number().finite(), z.iso.datetime({ offset: true, local: true })]).optional(),
});
export const DeactivatePipelineInput = z.object({ pipelineId: Id, cancelActive: z.boolean().optional() });
export const DescribeObjectsInput = z.object({
  pipelineId: Id,
  objectIds: IdList.min(1, "Member must have length greater than or equal to 1").max(
    100,
    "Member must have length less than or equal to 100",
  ),
  evaluateExpressions: z.boolean().optional(),
  marker: Str.optional(),
});
export const OperatorInput = z.object({
  type: z.enum(["EQ", "REF_EQ", "LE", "GE", "BETWEEN"]).optional(),
  values: z.array(Str).optional(),
});
export const SelectorInput = z.object({ fieldName: Str.optional(), operator: OperatorInput.optional() });
export const QueryObjectsInput = z.object({
  pipelineId: Id,
  sphere: Str,
  query: z
    .object({
      selectors: z.array(SelectorInput).max(10, "Member must have length less than or equal to 10").optional(),
    })
    .optional(),
  marker: Str.optional(),
  limit: z.number().int().optional(),
});
export const EvaluateExpressionInput = z.object({ pipelineId: Id, objectId: Id, expression: LongString });
export const SetStatusInput = z.object({
  pipelineId: Id,
  objectIds: IdList.min(1, "Member must have length greater than or equal to 1"),
  status: Str,
});
export const AddTagsInput = z.object({ pipelineId: Id, tags: TagList });
export const RemoveTagsInput = z.object({ pipelineId: Id, tagKeys: z.array(Str) });
export const PollForTaskInput = z.object({
  workerGroup: Str,
  hostname: Id.optional(),
  instanceIdentity: z.object({ document: Str.optional(), signature: Str.optional() }).optional(),
});
export const ReportTaskProgressInput = z.object({ taskId: TaskIdString, fields: z.array(FieldInput).optional() });
export const SetTaskStatusInput = z.object({
  taskId: TaskIdString,
  taskStatus: z.enum(["FINISHED", "FAILED", "FALSE"]),
  errorId: Str.optional(),
  errorMessage: ErrorMessage.optional(),
  errorStackTrace: Str.optional(),
});
export const ReportTaskRunnerHeartbeatInput = z.object({
  taskrunnerId: Id,
  workerGroup: Str.optional(),
  hostname: Id.optional(),
});

export type CreatePipelineInput = z.infer<typeof CreatePipelineInput>;
export type PipelineIdInput = z.infer<typeof PipelineIdInput>;
export type ListPipelinesInput = z.infer<typeof ListPipelinesInput>;
export type DescribePipelinesInput = z.infer<typeof DescribePipelinesInput>;
export type PutPipelineDefinitionInput = z.infer<typeof PutPipelineDefinitionInput>;
export type GetPipelineDefinitionInput = z.infer<typeof GetPipelineDefinitionInput>;
export type ActivatePipelineInput = z.infer<typeof ActivatePipelineInput>;
export type DeactivatePipelineInput = z.infer<typeof DeactivatePipelineInput>;
export type DescribeObjectsInput = z.infer<typeof DescribeObjectsInput>;
export type QueryObjectsInput = z.infer<typeof QueryObjectsInput>;
export type EvaluateExpressionInput = z.infer<typeof EvaluateExpressionInput>;
export type SetStatusInput = z.infer<typeof SetStatusInput>;
export type AddTagsInput = z.infer<typeof AddTagsInput>;
export type RemoveTagsInput = z.infer<typeof RemoveTagsInput>;
export type PollForTaskInput = z.infer<typeof PollForTaskInput>;
export type ReportTaskProgressInput = z.infer<typeof ReportTaskProgressInput>;
export type SetTaskStatusInput = z.infer<typeof SetTaskStatusInput>;
export type ReportTaskRunnerHeartbeatInput = z.infer<typeof ReportTaskRunnerHeartbeatInput>;

/** AWS-style text for a failed validation: "2 validation errors detected: Value at 'name' failed to satisfy constraint: ...". */
export function describeValidationError(error: z.ZodError): string {
  const parts = error.issues.slice(0, 10).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "input";
    const what =
      issue.code === "invalid_type"
        ? issue.input === undefined
          ? "Member must not be null"
          : `Member must be of type ${issue.expected}`
        : issue.code === "invalid_value"
          ? `Member must satisfy enum value set: [${issue.values.map(String).join(", ")}]`
          : issue.message;
    return `Value at '${where}' failed to satisfy constraint: ${what}`;
  });
  const n = error.issues.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}
