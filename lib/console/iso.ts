// Dates in the console's JSON: ISO instants, null when absent.
import "server-only";
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
