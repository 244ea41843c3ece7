import Link from "next/link";
import { pipelineTabHref } from "@/components/links";
import buttonCss from "@/components/ui/button.module.css";
import statesCss from "@/components/states.module.css";
import { cx } from "@/components/ui/cx";

export function ObjectMissing({ pipelineId, objectId }: { pipelineId: string; objectId: string }) {
  return (
    <div className={cx(statesCss.state, statesCss.error)} role="alert">
      <h2 className={statesCss.title}>Object not found</h2>
      <p className={statesCss.body}>
        Pipeline <code>{pipelineId}</code> has no object <code>{objectId}</code> in its latest or active definition, nor
        an instance or attempt with that id.
      </p>
      <Link href={pipelineTabHref(pipelineId, "objects")} className={buttonCss.btn}>
        All objects of this pipeline
      </Link>
    </div>
  );
}
