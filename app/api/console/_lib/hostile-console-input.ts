// The console BFF's guards against input the store cannot hold, kept apart from console-route.ts:
// a body read as a capped stream, nesting bounded before parsing, and NUL or unpaired surrogates in
// path params, query parameters or the body refused with a 400 naming where they were.
import { BodyTooLargeError, readWebBodyCapped } from "@/lib/http/read-web-body";
import { ConsoleError } from "@/lib/console/errors";
import { findUnstorable, jsonNestingExceeds, MAX_JSON_DEPTH } from "@/lib/protocol/hostile-input";

export async function readConsoleBody(req: Request, limit: number): Promise<string> {
  try {
    return await readWebBodyCapped(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new ConsoleError("PAYLOAD_TOO_LARGE", err.message);
    throw err;
  }
}

export function refuseDeepJson(text: string): void {
  if (jsonNestingExceeds(text))
    throw new ConsoleError("BAD_REQUEST", `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
}

export function refuseUnstorable(input: Record<string, unknown>): void {
  const bad = findUnstorable(input);
  if (bad) throw new ConsoleError("BAD_REQUEST", `${bad.path}: ${bad.reason.replace(/^Member must/, "must")}`);
}
