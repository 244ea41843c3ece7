// Which definition the console shows: the last one put, or the one last activated. Pure: client-safe.
export const DEFINITION_VERSIONS = ["latest", "active"] as const;
export type DefinitionVersionName = (typeof DEFINITION_VERSIONS)[number];
