// The console BFF's error model: one error type with a code -> HTTP status map, and one normaliser
// that turns anything thrown into `{ error: { code, message } }` without leaking internals.
import "server-only";
import { ServiceError } from "@/lib/protocol/errors";
import { logger } from "@/lib/log/logger";

export type ConsoleErrorCode =
  | "BAD_REQUEST"
  | "INVALID_REQUEST"
  | "PIPELINE_NOT_FOUND"
  | "PIPELINE_DELETED"
  | "OBJECT_NOT_FOUND"
  | "NOT_FOUND"
  | "PAYLOAD_TOO_LARGE"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "CROSS_SITE"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL";

const STATUS: Record<ConsoleErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_REQUEST: 400,
  PIPELINE_NOT_FOUND: 404,
  PIPELINE_DELETED: 404,
  OBJECT_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CROSS_SITE: 403,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
};

export class ConsoleError extends Error {
  override readonly name = "ConsoleError";
  readonly status: number;

  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export interface ConsoleErrorBody {
  /** requestId: also in the x-amzn-RequestId header; what to quote when asking about the call. */
  error: { code: ConsoleErrorCode; message: string; requestId: string };
}

export const objectNotFound = (pipelineId: string, objectId: string) =>
  new ConsoleError("OBJECT_NOT_FOUND", `Object ${objectId} does not exist in pipeline ${pipelineId}`);

/** The console's view of an error raised anywhere below it; null for errors that are not the caller's fault. */
export function toConsoleError(err: unknown): ConsoleError | null {
  if (err instanceof ConsoleError) return err;
  if (err instanceof ServiceError) {
    switch (err.type) {
      case "PipelineNotFoundException":
        return new ConsoleError("PIPELINE_NOT_FOUND", err.message);
      case "PipelineDeletedException":
        return new ConsoleError("PIPELINE_DELETED", err.message);
      case "TaskNotFoundException":
        return new ConsoleError("NOT_FOUND", err.message);
      case "InvalidRequestException":
      case "UnknownOperationException":
      case "SerializationException":
        return new ConsoleError("INVALID_REQUEST", err.message);
      case "InternalServiceError":
        return null;
    }
  }
  return null;
}

/** Maps anything thrown to a status and body; unknown errors are logged with their cause and answered generically. */
export function normaliseConsoleError(err: unknown, requestId: string): { status: number; body: ConsoleErrorBody } {
  const known = toConsoleError(err);
  if (known) return { status: known.status, body: { error: { code: known.code, message: known.message, requestId } } };
  logger().error({ err, requestId, surface: "console" }, "internal error");
  return {
    status: 500,
    body: {
      error: { code: "INTERNAL", message: `Something went wrong on the server (request ${requestId})`, requestId },
    },
  };
}
