import { invalidRequest } from "./errors";

// Pagination markers are opaque to clients: base64url JSON of where the next page starts. More
// pages => hasMoreResults true and a marker; last page => hasMoreResults false and no marker, which
// stops both the JS paginator (marker-driven) and botocore's (hasMoreResults-driven); see the service model's pagination in @aws-sdk/client-data-pipeline.

export function encodeMarker(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/** Decodes a marker we issued; "" or absent means the first page. Anything else is a client error. */
export function decodeMarker<T extends Record<string, string | number>>(
  marker: string | undefined,
  isValid: (v: unknown) => v is T,
): T | null {
  if (marker === undefined || marker === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(marker, "base64url").toString("utf8"));
  } catch {
    throw invalidRequest(`Invalid marker: ${marker.slice(0, 64)}`);
  }
  if (!isValid(value)) throw invalidRequest(`Invalid marker: ${marker.slice(0, 64)}`);
  return value;
}

export function isSeqMarker(v: unknown): v is { s: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { s?: unknown }).s === "string" &&
    /^\d{1,19}$/.test((v as { s: string }).s)
  );
}

export function isOffsetMarker(v: unknown): v is { o: number } {
  return (
    typeof v === "object" && v !== null && Number.isSafeInteger((v as { o?: unknown }).o) && (v as { o: number }).o >= 0
  );
}

/** Adds marker/hasMoreResults to a page as both SDK paginators expect. */
export function pageResult(next: string | null): { marker?: string; hasMoreResults: boolean } {
  return next ? { marker: next, hasMoreResults: true } : { hasMoreResults: false };
}
