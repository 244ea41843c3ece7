import { randomUUID } from "node:crypto";
import type { Tag } from "@aws-sdk/client-data-pipeline";
import { activatePipeline } from "@/lib/operations/activate-pipeline";
import type { OperationContext } from "@/lib/operations/operation-context";
import { createPipeline } from "@/lib/operations/create-pipeline";
import { deletePipeline } from "@/lib/operations/delete-pipeline";
import { describePipelines } from "@/lib/operations/describe-pipelines";
import { getPipelineDefinition } from "@/lib/operations/get-pipeline-definition";
import { putPipelineDefinition } from "@/lib/operations/put-pipeline-definition";
import { addTags } from "@/lib/operations/tags";
import { ServiceError } from "@/lib/protocol/errors";
import { findLivePipelineByNameAndUniqueId } from "@/lib/store/import-lookup";
import { withReader } from "@/lib/store/transaction";
import {
  ActivatePipelineInput,
  AddTagsInput,
  CreatePipelineInput,
  PutPipelineDefinitionInput,
} from "@/lib/protocol/schemas";
import type { Definition, ImportTarget, PutResult } from "./import-from-aws";

// The import's target: this server's own operations, called in-process on its database, with the
// same validation as the API (inputs go through the API's schemas) and audit entries by "admin".

export function localImportTarget(accountId: string): ImportTarget {
  const ctx = (): OperationContext => ({ requestId: randomUUID(), accountId, actor: "admin:import-from-aws" });
  return {
    async findOrCreate(input) {
      const parsed = CreatePipelineInput.parse({ ...input, tags: input.tags.length ? input.tags : undefined });
      // CreatePipeline answers the earlier pipeline for the same name + uniqueId.
      const before = await withReader((tx) =>
        findLivePipelineByNameAndUniqueId(tx, accountId, parsed.name, parsed.uniqueId),
      );
      const { pipelineId } = await createPipeline(parsed, ctx());
      return { pipelineId, created: before !== pipelineId };
    },
    async getDefinition(pipelineId) {
      const d = await getPipelineDefinition({ pipelineId }, ctx());
      return {
        objects: d.pipelineObjects,
        parameterObjects: d.parameterObjects ?? [],
        parameterValues: d.parameterValues ?? [],
      } as Definition;
    },
    async putDefinition(pipelineId, definition): Promise<PutResult> {
      const input = PutPipelineDefinitionInput.parse({
        pipelineId,
        pipelineObjects: definition.objects,
        parameterObjects: definition.parameterObjects,
        parameterValues: definition.parameterValues,
      });
      try {
        const result = await putPipelineDefinition(input, ctx());
        return {
          errored: result.errored,
          validationErrors: (result.validationErrors ?? []).map((e) => ({
            id: e.id ?? "(definition)",
            errors: e.errors ?? [],
          })),
        };
      } catch (error) {
        if (error instanceof ServiceError && error.type === "InvalidRequestException") {
          return { errored: true, validationErrors: [{ id: "(definition)", errors: [error.message] }] };
        }
        throw error;
      }
    },
    async describe(pipelineId) {
      const [d] = (await describePipelines({ pipelineIds: [pipelineId] }, ctx())).pipelineDescriptionList;
      const state = d?.fields.find((f) => f.key === "@pipelineState")?.stringValue ?? "PENDING";
      return { state, tags: (d?.tags ?? []) as Tag[] };
    },
    async addTags(pipelineId, tags) {
      await addTags(AddTagsInput.parse({ pipelineId, tags }), ctx());
    },
    async activate(pipelineId) {
      await activatePipeline(ActivatePipelineInput.parse({ pipelineId }), ctx());
    },
    async delete(pipelineId) {
      await deletePipeline({ pipelineId }, ctx());
    },
  };
}
