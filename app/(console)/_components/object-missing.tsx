import Link from "next/link";
import { pipelineTabHref } from "@/components/links";

export function ObjectMissing({ pipelineId, objectId }: { pipelineId: string; objectId: string }) {
  return (
    <div className="state state-error" role="alert">
      <h2 className="state-title">Object not found</h2>
      <p className="state-body">
        Pipeline <code>{pipelineId}</code> has no object <code>{objectId}</code> in its latest or active definition, nor
        an instance or attempt with that id.
      </p>
      <Link href={pipelineTabHref(pipelineId, "objects")} className="btn">
        All objects of this pipeline
      </Link>
    </div>
  );
}
