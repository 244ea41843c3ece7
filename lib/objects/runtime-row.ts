import type { PipelineObject } from "@/lib/protocol/types";
import { fieldsFromJson } from "@/lib/store/json";
import type { ObjectRow } from "@/lib/store/objects";
import { runtimeOwnFields, type RuntimeFacts } from "./present-runtime";

export function runtimeFactsOf(row: ObjectRow): RuntimeFacts {
  return {
    pipelineId: row.pipelineId,
    objectId: row.objectId,
    sphere: row.sphere,
    version: row.version,
    componentId: row.componentId,
    instanceId: row.instanceId,
    nodeId: row.nodeId,
    status: row.status,
    attemptNumber: row.attemptNumber,
    scheduledStartTime: row.scheduledStartTime,
    scheduledEndTime: row.scheduledEndTime,
    actualStartTime: row.actualStartTime,
    actualEndTime: row.actualEndTime,
    hostname: row.hostname,
    errorId: row.errorId,
    errorMessage: row.errorMessage,
    errorStackTrace: row.errorStackTrace,
    cascadeFailedOn: row.cascadeFailedOn,
    reportedProgressAt: row.reportedProgressAt,
    extra: fieldsFromJson(row.fields),
  };
}

/** An instance or attempt row as an object with its own fields (it inherits the rest from its component). */
export function rowToObject(row: ObjectRow): PipelineObject {
  return { id: row.objectId, name: row.name, fields: runtimeOwnFields(runtimeFactsOf(row)) };
}
