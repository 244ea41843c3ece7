import { withImplicitDefaultParent } from "@/lib/definition/inheritance";
import type { Field, PipelineObject } from "@/lib/protocol/types";

export interface ComponentFacts {
  pipelineId: string;
  version: number;
  status: string;
  object: PipelineObject;
  hasDefault: boolean;
}

/**
 * A component as DescribeObjects shows it: the user's fields, the implicit `parent: Default`, and
 * the service fields `@sphere`, `@version`, `@status`, `@pipelineId` (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_DescribeObjects.html).
 */
export function presentComponent(c: ComponentFacts): PipelineObject {
  const withParent = withImplicitDefaultParent(c.object, c.hasDefault);
  const service: Field[] = [
    { key: "@sphere", stringValue: "COMPONENT" },
    { key: "@version", stringValue: String(c.version) },
    { key: "@status", stringValue: c.status },
    { key: "@pipelineId", stringValue: c.pipelineId },
  ];
  return { id: c.object.id, name: c.object.name, fields: [...withParent.fields, ...service] };
}
