// Stable console URLs for every object. Ids are URL-encoded (instance ids contain `@` and `:`).
const enc = encodeURIComponent;

export const pipelineHref = (pipelineId: string) => `/pipelines/${enc(pipelineId)}`;
export const pipelineTabHref = (pipelineId: string, tab: "graph" | "objects" | "instances" | "runs" | "definition") =>
  tab === "graph" ? pipelineHref(pipelineId) : `${pipelineHref(pipelineId)}/${tab}`;
export const objectHref = (pipelineId: string, objectId: string) =>
  `${pipelineHref(pipelineId)}/objects/${enc(objectId)}`;
export const auditHref = (pipelineId?: string) => (pipelineId ? `/audit?pipeline=${enc(pipelineId)}` : "/audit");
/** The Instances tab filtered to one status (the header's counts link here). */
export const instancesWithStatusHref = (pipelineId: string, status: string) =>
  `${pipelineHref(pipelineId)}/instances?status=${enc(status)}`;
