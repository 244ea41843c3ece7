"use client";
// Pause / Resume a component (SetStatus PAUSE, RESUME), with a confirmation that says what happens to its runs.

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useCan } from "@/components/session-context";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";
import { useSetStatus } from "@/lib/query/use-set-status";
import bannerCss from "@/components/ui/banner.module.css";
import buttonCss from "@/components/ui/button.module.css";
import pageCss from "@/components/ui/page.module.css";
import { cx } from "@/components/ui/cx";

type ComponentActionsProps = { pipelineId: string; componentId: string; status: string | null };

/** Shown to operators and admins only. */
export function ComponentActions(props: ComponentActionsProps) {
  return useCan("operator") ? <ComponentActionButtons {...props} /> : null;
}

function ComponentActionButtons({ pipelineId, componentId, status }: ComponentActionsProps) {
  const [open, setOpen] = useState(false);
  const mutation = useSetStatus();
  const overview = useQuery(pipelineOverviewQuery(pipelineId));
  const state = overview.data?.pipeline.state;
  const isPaused = status === "PAUSED";
  const action = isPaused ? "RESUME" : "PAUSE";
  const why =
    state === "PENDING"
      ? "Activate the pipeline first: a component has runs to pause only once it is active"
      : state === "FINISHED"
        ? "The pipeline is FINISHED"
        : null;
  const close = () => {
    setOpen(false);
    mutation.reset();
  };

  return (
    <div className={pageCss.actions}>
      <button
        type="button"
        className={buttonCss.btn}
        onClick={() => setOpen(true)}
        disabled={why !== null}
        title={why ?? undefined}
        aria-label={`${isPaused ? "Resume" : "Pause"} ${componentId}`}
      >
        {isPaused ? "Resume" : "Pause"}
      </button>
      <ConfirmDialog
        open={open}
        title={`${isPaused ? "Resume" : "Pause"} ${componentId}?`}
        confirmLabel={isPaused ? "Resume" : "Pause"}
        tone={isPaused ? "primary" : "danger"}
        busy={mutation.isPending}
        onCancel={close}
        onConfirm={() =>
          mutation.mutate({ pipelineId, objectIds: [componentId], status: action }, { onSuccess: close })
        }
      >
        {isPaused ? (
          <p>
            Its paused instances go back to WAITING_FOR_RUNNER (or wait on their dependencies again), and new runs are
            handed out as usual.
          </p>
        ) : (
          <p>
            Its instances waiting for a runner become PAUSED and are not handed out, and new runs wait, until you resume
            it. Work a runner already holds carries on.
          </p>
        )}
        {mutation.isError ? (
          <div className={cx(bannerCss.banner, bannerCss.error)} role="alert">
            <strong>Refused.</strong> {mutation.error.message}
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
