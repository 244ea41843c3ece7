import type { z } from "zod";
import type { OperationContext } from "@/lib/operations/context";
import { activatePipeline } from "@/lib/operations/activate-pipeline";
import { createPipeline } from "@/lib/operations/create-pipeline";
import { deactivatePipeline } from "@/lib/operations/deactivate-pipeline";
import { deletePipeline } from "@/lib/operations/delete-pipeline";
import { describeObjects } from "@/lib/operations/describe-objects";
import { describePipelines } from "@/lib/operations/describe-pipelines";
import { evaluateExpression } from "@/lib/operations/evaluate-expression";
import { getPipelineDefinition } from "@/lib/operations/get-pipeline-definition";
import { listPipelines } from "@/lib/operations/list-pipelines";
import { putPipelineDefinition } from "@/lib/operations/put-pipeline-definition";
import { queryObjects } from "@/lib/operations/query-objects";
import { addTags, removeTags } from "@/lib/operations/tags";
import { validatePipelineDefinition } from "@/lib/operations/validate-pipeline-definition";
import { ServiceError } from "./errors";
import * as S from "./schemas";

// Every operation of the service: its input schema and the function in lib/operations that serves
// it. `flat` marks the ones whose inputs are plain strings, also served as `GET /?Action=<Op>&k=v`.

export interface OperationSpec<I = unknown> {
  input: z.ZodType<I>;
  run: (input: I, ctx: OperationContext) => Promise<object | undefined>;
  flat?: boolean;
}

function op<I>(input: z.ZodType<I>, run: (input: I, ctx: OperationContext) => Promise<object | undefined>, flat = false): OperationSpec {
  return { input, run, flat } as OperationSpec;
}

const notYet = (name: string) => async (): Promise<never> => {
  throw new ServiceError("InvalidRequestException", `${name} is not available on this server yet`);
};

export const OPERATIONS: Record<string, OperationSpec> = {
  ActivatePipeline: op(S.ActivatePipelineInput, activatePipeline),
  AddTags: op(S.AddTagsInput, addTags),
  CreatePipeline: op(S.CreatePipelineInput, createPipeline, true),
  DeactivatePipeline: op(S.DeactivatePipelineInput, deactivatePipeline, true),
  DeletePipeline: op(S.PipelineIdInput, deletePipeline, true),
  DescribeObjects: op(S.DescribeObjectsInput, describeObjects),
  DescribePipelines: op(S.DescribePipelinesInput, describePipelines),
  EvaluateExpression: op(S.EvaluateExpressionInput, evaluateExpression, true),
  GetPipelineDefinition: op(S.GetPipelineDefinitionInput, getPipelineDefinition, true),
  ListPipelines: op(S.ListPipelinesInput, listPipelines, true),
  PollForTask: op(S.PollForTaskInput, notYet("PollForTask"), true),
  PutPipelineDefinition: op(S.PutPipelineDefinitionInput, putPipelineDefinition),
  QueryObjects: op(S.QueryObjectsInput, queryObjects),
  RemoveTags: op(S.RemoveTagsInput, removeTags),
  ReportTaskProgress: op(S.ReportTaskProgressInput, notYet("ReportTaskProgress")),
  ReportTaskRunnerHeartbeat: op(S.ReportTaskRunnerHeartbeatInput, notYet("ReportTaskRunnerHeartbeat"), true),
  SetStatus: op(S.SetStatusInput, notYet("SetStatus")),
  SetTaskStatus: op(S.SetTaskStatusInput, notYet("SetTaskStatus"), true),
  ValidatePipelineDefinition: op(S.PutPipelineDefinitionInput, validatePipelineDefinition),
};
