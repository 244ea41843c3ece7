// One error type for the whole API surface. Its `type` is what clients see as `__type`; the HTTP
// status follows awsJson1_1 defaults (client faults 400, server faults 500), https://docs.aws.amazon.com/datapipeline/latest/APIReference/CommonErrors.html.
import { overloadMessage } from "./overload";
import { logger } from "@/lib/log/logger";

export type ErrorType =
  | "InvalidRequestException"
  | "PipelineNotFoundException"
  | "PipelineDeletedException"
  | "TaskNotFoundException"
  | "InternalServiceError"
  | "UnknownOperationException"
  | "SerializationException"
  | "ThrottlingException"
  // Authentication and authorisation (lib/auth): the types the SDKs know from every AWS service.
  | "MissingAuthenticationTokenException"
  | "UnrecognizedClientException"
  | "InvalidSignatureException"
  | "IncompleteSignatureException"
  | "AccessDeniedException";

const STATUS: Record<ErrorType, number> = {
  InvalidRequestException: 400,
  PipelineNotFoundException: 400,
  PipelineDeletedException: 400,
  TaskNotFoundException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  // AWS's own throttling answer; both SDKs retry it with backoff (https://docs.aws.amazon.com/datapipeline/latest/APIReference/CommonErrors.html).
  ThrottlingException: 400,
  InternalServiceError: 500,
  // What AWS JSON services answer (https://docs.aws.amazon.com/datapipeline/latest/APIReference/CommonErrors.html): 403, but 400 for an incomplete signature.
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 400,
  AccessDeniedException: 403,
};

export class ServiceError extends Error {
  readonly type: ErrorType;
  readonly status: number;

  constructor(type: ErrorType, message: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = STATUS[type];
  }
}

export const invalidRequest = (message: string) => new ServiceError("InvalidRequestException", message);
export const pipelineNotFound = (pipelineId: string) =>
  new ServiceError("PipelineNotFoundException", `Pipeline ${pipelineId} does not exist`);
export const pipelineDeleted = (pipelineId: string) =>
  new ServiceError("PipelineDeletedException", `Pipeline ${pipelineId} has been deleted`);
export const taskNotFound = (message = "The specified task was not found") =>
  new ServiceError("TaskNotFoundException", message);

export const throttled = (message: string) => new ServiceError("ThrottlingException", message);

export interface ErrorBody {
  __type: ErrorType;
  message: string;
  /** The call's request id (also in the x-amzn-RequestId header): what to quote when asking about it. */
  requestId: string;
}

/** Maps anything thrown to what the client may see: unknown errors become a generic 500, logged here with their cause. */
export function normaliseError(err: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (err instanceof ServiceError) {
    return { status: err.status, body: { __type: err.type, message: err.message, requestId } };
  }
  const overload = overloadMessage(err);
  if (overload) return { status: 400, body: { __type: "ThrottlingException", message: overload, requestId } };
  logger().error({ err, requestId }, "internal error");
  return {
    status: 500,
    body: {
      __type: "InternalServiceError",
      message: `An internal service error occurred (request ${requestId})`,
      requestId,
    },
  };
}
