import type { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { activatePipeline } from "@/lib/operations/activate-pipeline";
import { createPipeline } from "@/lib/operations/create-pipeline";
import { deactivatePipeline } from "@/lib/operations/deactivate-pipeline";
import { deletePipeline } from "@/lib/operations/delete-pipeline";
import { describeObjects } from "@/lib/operations/describe-objects";
import { describePipelines } from "@/lib/operations/describe-pipelines";
import { evaluateExpression } from "@/lib/operations/evaluate-expression";
import { getPipelineDefinition } from "@/lib/operations/get-pipeline-definition";
import { listPipelines } from "@/lib/operations/list-pipelines";
import { pollForTask } from "@/lib/operations/poll-for-task";
import { reportTaskProgress } from "@/lib/operations/report-task-progress";
import { reportTaskRunnerHeartbeat } from "@/lib/operations/report-task-runner-heartbeat";
import { setStatus } from "@/lib/operations/set-status";
import { setTaskStatus } from "@/lib/operations/set-task-status";
import { putPipelineDefinition } from "@/lib/operations/put-pipeline-definition";
import { queryObjects } from "@/lib/operations/query-objects";
import { addTags, removeTags } from "@/lib/operations/tags";
import { validatePipelineDefinition } from "@/lib/operations/validate-pipeline-definition";
import * as S from "./schemas";

// Every operation of the service: its input schema and the function in lib/operations that serves
// it. `flat` marks the ones also served as `GET /?Action=<Op>&k=v`: plain strings (and
// ReportTaskProgress, whose `fields` the query form carries as JSON).

export interface OperationSpec<I = unknown> {
  input: z.ZodType<I>;
  run: (input: I, ctx: OperationContext) => Promise<object | undefined>;
  flat?: boolean;
}

function op<I>(
  input: z.ZodType<I>,
  run: (input: I, ctx: OperationContext) => Promise<object | undefined>,
  flat = false,
): OperationSpec {
  return { input, run, flat } as OperationSpec;
}

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
  PollForTask: op(S.PollForTaskInput, pollForTask, true),
  PutPipelineDefinition: op(S.PutPipelineDefinitionInput, putPipelineDefinition),
  QueryObjects: op(S.QueryObjectsInput, queryObjects),
  RemoveTags: op(S.RemoveTagsInput, removeTags),
  ReportTaskProgress: op(S.ReportTaskProgressInput, reportTaskProgress, true),
  ReportTaskRunnerHeartbeat: op(S.ReportTaskRunnerHeartbeatInput, reportTaskRunnerHeartbeat, true),
  SetStatus: op(S.SetStatusInput, setStatus),
  SetTaskStatus: op(S.SetTaskStatusInput, setTaskStatus, true),
  ValidatePipelineDefinition: op(S.PutPipelineDefinitionInput, validatePipelineDefinition),
};
