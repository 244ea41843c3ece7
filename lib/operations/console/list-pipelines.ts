// The console's pipelines list: live pipelines, newest first, with search and state filters.
import { getSettings } from "@/lib/config/settings";
import { findPipelines, type PipelineFilter } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";

export async function listPipelinesForConsole(filter: PipelineFilter) {
  const rows = await withReader((tx) => findPipelines(tx, getSettings().ACCOUNT_ID, filter));
  return rows.map((p) => ({ id: p.id, name: p.name, state: p.state, description: p.description, createdAt: p.createdAt.toISOString() }));
}
