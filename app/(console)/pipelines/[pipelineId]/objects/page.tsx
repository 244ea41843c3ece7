import type { Metadata } from "next";
import { ObjectsView } from "../../../_components/objects-view";
import { decodeSegment } from "../../../_components/route-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Objects" };

// The overview holding the objects is prefetched by the pipeline layout.
export default async function PipelineObjectsPage({ params }: { params: Promise<{ pipelineId: string }> }) {
  const pipelineId = decodeSegment((await params).pipelineId);
  return <ObjectsView pipelineId={pipelineId} />;
}
