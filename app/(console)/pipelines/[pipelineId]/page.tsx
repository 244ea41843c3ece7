import { GraphView } from "../../_components/graph-view";
import { decodeSegment } from "../../_components/route-params";

export const dynamic = "force-dynamic";

// The pipeline overview the graph draws is prefetched by the layout.
export default async function PipelineGraphPage({ params }: { params: Promise<{ pipelineId: string }> }) {
  const pipelineId = decodeSegment((await params).pipelineId);
  return <GraphView pipelineId={pipelineId} />;
}
