import type { ParameterObject, ParameterValue, PipelineObject } from "@/lib/protocol/types";

/** A definition as Put/ValidatePipelineDefinition receive it: what validation and the size check read. */
export interface DefinitionInput {
  objects: PipelineObject[];
  parameterObjects?: ParameterObject[];
  parameterValues?: ParameterValue[];
}
