"use client";
// Activate / Deactivate with a confirmation that says what will happen.

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useCan } from "@/components/session-context";
import { useActivatePipeline } from "@/lib/query/use-activate-pipeline";
import { useDeactivatePipeline } from "@/lib/query/use-deactivate-pipeline";
import formCss from "@/components/ui/form.module.css";
import pageCss from "@/components/ui/page.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import buttonCss from "@/components/ui/button.module.css";

export interface PipelineActionsProps {
  pipelineId: string;
  name: string;
  state: string;
  hasDefinition: boolean;
  size?: "small" | "normal";
}

const canActivate = (state: string) => state === "PENDING" || state === "INACTIVE" || state === "FINISHED";
const canDeactivate = (state: string) => state === "SCHEDULED";

/** Shown to operators and admins only: a viewer's role cannot activate or deactivate. */
export function PipelineActions(props: PipelineActionsProps) {
  return useCan("operator") ? <PipelineActionButtons {...props} /> : null;
}

function PipelineActionButtons({ pipelineId, name, state, hasDefinition, size = "normal" }: PipelineActionsProps) {
  const [confirming, setConfirming] = useState<"activate" | "deactivate" | null>(null);
  const [cancelActive, setCancelActive] = useState(true);
  const activate = useActivatePipeline();
  const deactivate = useDeactivatePipeline();
  const btn = cx(buttonCss.btn, size === "small" && buttonCss.small);
  const close = () => setConfirming(null);

  return (
    <div className={pageCss.actions}>
      {canDeactivate(state) ? (
        <button
          type="button"
          className={btn}
          onClick={() => setConfirming("deactivate")}
          aria-label={`Deactivate ${name}`}
        >
          Deactivate
        </button>
      ) : (
        <button
          type="button"
          className={size === "small" ? btn : cx(btn, buttonCss.primary)}
          onClick={() => setConfirming("activate")}
          disabled={!canActivate(state) || !hasDefinition}
          aria-label={`Activate ${name}`}
          title={
            !hasDefinition
              ? "Put a definition first"
              : !canActivate(state)
                ? `Cannot activate while ${state}`
                : undefined
          }
        >
          Activate
        </button>
      )}
      <ConfirmDialog
        open={confirming === "activate"}
        title={`Activate ${name}?`}
        confirmLabel="Activate"
        busy={activate.isPending}
        onCancel={close}
        onConfirm={() => activate.mutate({ pipelineId }, { onSettled: close })}
      >
        <p>
          The latest definition is validated and becomes the active version; the scheduler starts creating runs from it.
          {state === "INACTIVE" ? " Scheduling resumes from the last completed execution." : null}
        </p>
        <p className={cx(textCss.mono, textCss.muted)}>{pipelineId}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "deactivate"}
        title={`Deactivate ${name}?`}
        confirmLabel="Deactivate"
        tone="danger"
        busy={deactivate.isPending}
        onCancel={close}
        onConfirm={() => deactivate.mutate({ pipelineId, cancelActive }, { onSettled: close })}
      >
        <p>No new runs are scheduled until the pipeline is activated again.</p>
        <label className={formCss.checkbox}>
          <input type="checkbox" checked={cancelActive} onChange={(e) => setCancelActive(e.target.checked)} />
          Cancel running work now (otherwise it finishes first)
        </label>
        <p className={cx(textCss.mono, textCss.muted)}>{pipelineId}</p>
      </ConfirmDialog>
    </div>
  );
}
