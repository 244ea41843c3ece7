"use client";
// The confirmation of Rerun, Cancel and Mark finished, for one instance or a selection: what will
// happen (for a rerun, the instances the cascade resets, asked of the server), which selected rows
// are skipped and why, the server's refusal in place, and per-object results when some were refused.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { objectHref } from "@/components/links";
import { StatusBadge } from "@/components/status-badge";
import type { SetStatusForConsoleResult } from "@/lib/console/set-status";
import { RERUNNABLE_STATUSES, alreadyDoneFor } from "@/lib/objects/statuses";
import { rerunPreviewQuery } from "@/lib/query/executions";
import { useSetStatus } from "@/lib/query/use-set-status";
import bannerCss from "@/components/ui/banner.module.css";
import dialogCss from "@/components/ui/dialog.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

export type InstanceAction = "RERUN" | "TRY_CANCEL" | "MARK_FINISHED";

export interface ActionTarget {
  id: string;
  status: string;
}

const LABEL: Record<
  InstanceAction,
  { verb: string; confirm: (n: number | null) => string; dismiss: string; tone: "primary" | "danger" }
> = {
  RERUN: { verb: "Rerun", confirm: (n) => (n === null ? "Rerun" : `Rerun ${n}`), dismiss: "Cancel", tone: "primary" },
  // "Cancel" would name both buttons of this dialog.
  TRY_CANCEL: {
    verb: "Cancel",
    confirm: (n) => (n === null ? "Cancel instance" : `Cancel ${n} instance${n === 1 ? "" : "s"}`),
    dismiss: "Back",
    tone: "danger",
  },
  MARK_FINISHED: {
    verb: "Mark finished",
    confirm: (n) => (n === null ? "Mark finished" : `Mark ${n} finished`),
    dismiss: "Cancel",
    tone: "primary",
  },
};

/** Which selected instances an action applies to; the others are skipped with the reason. */
export function splitTargets(
  action: InstanceAction,
  targets: ActionTarget[],
): { eligible: ActionTarget[]; skipped: (ActionTarget & { reason: string })[] } {
  const eligible: ActionTarget[] = [];
  const skipped: (ActionTarget & { reason: string })[] = [];
  for (const t of targets) {
    const reason =
      action !== "RERUN"
        ? alreadyDoneFor(action, t.status)
          ? `already ${t.status}`
          : null
        : // A rerun of a single instance goes to the server as asked (it explains a refusal); a selection skips what cannot be rerun.
          targets.length > 1 && !RERUNNABLE_STATUSES.has(t.status)
          ? `${t.status}: only finished, failed or canceled instances can be rerun`
          : null;
    if (reason) skipped.push({ ...t, reason });
    else eligible.push(t);
  }
  return { eligible, skipped };
}

function InstanceList({
  pipelineId,
  items,
  label,
}: {
  pipelineId: string;
  items: { id: string; status: string; note?: string }[];
  label: string;
}) {
  return (
    <ul className={dialogCss.list} aria-label={label}>
      {items.map((i) => (
        <li key={i.id}>
          <Link href={objectHref(pipelineId, i.id)} className={textCss.mono}>
            {i.id}
          </Link>{" "}
          <StatusBadge status={i.status} />
          {i.note ? <span className={cx(textCss.muted, textCss.small)}> {i.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function RerunPreviewList({
  pipelineId,
  ids,
  onState,
}: {
  pipelineId: string;
  ids: string[];
  onState: (ready: boolean) => void;
}) {
  const preview = useQuery({ ...rerunPreviewQuery(pipelineId, ids), enabled: ids.length > 0, retry: false });
  const ready = preview.isSuccess;
  useEffect(() => onState(ready), [ready, onState]);
  if (preview.isPending) return <p className={textCss.muted}>Asking the server which instances a rerun resets…</p>;
  if (preview.isError) {
    return (
      <div className={cx(bannerCss.banner, bannerCss.error)} role="alert">
        <strong>The server refuses this rerun.</strong> {preview.error.message}
      </div>
    );
  }
  const added = preview.data.instances.filter((i) => !i.requested);
  return (
    <>
      <p>
        {preview.data.instances.length === 1
          ? "This instance is"
          : `These ${preview.data.instances.length} instances are`}{" "}
        reset: a new attempt, tries counted afresh, and back to WAITING_ON_DEPENDENCIES, then WAITING_FOR_RUNNER once
        what they depend on is done.
        {added.length > 0
          ? ` ${added.length} of them ${added.length === 1 ? "is" : "are"} added by the cascade (failureAndRerunMode: cascade).`
          : " Nothing downstream is reset with it."}
      </p>
      <InstanceList
        pipelineId={pipelineId}
        label="Instances the rerun resets"
        items={preview.data.instances.map((i) => ({
          id: i.id,
          status: i.status,
          note: i.requested ? undefined : "downstream, by cascade",
        }))}
      />
    </>
  );
}

export interface InstanceActionDialogProps {
  pipelineId: string;
  action: InstanceAction | null;
  targets: ActionTarget[];
  onClose: () => void;
  /** After the action went through for at least one instance. */
  onDone?: (result: SetStatusForConsoleResult) => void;
}

export function InstanceActionDialog({ pipelineId, action, targets, onClose, onDone }: InstanceActionDialogProps) {
  const mutation = useSetStatus();
  const [result, setResult] = useState<SetStatusForConsoleResult | null>(null);
  const [previewReady, setPreviewReady] = useState(false);
  const open = action !== null;
  // Each opening starts clean: no result or refusal from the previous one.
  const { reset } = mutation;
  useEffect(() => {
    if (open) {
      setResult(null);
      reset();
    } else setPreviewReady(false);
  }, [open, reset]);

  if (!action)
    return <ConfirmDialog open={false} title="" confirmLabel="" onConfirm={() => undefined} onCancel={onClose} />;
  const { verb, confirm: confirmLabel, dismiss, tone } = LABEL[action];
  const { eligible, skipped } = splitTargets(action, targets);
  const ids = eligible.map((t) => t.id);
  const single = targets.length === 1 ? targets[0]! : null;
  const title = single
    ? `${verb} ${single.id}?`
    : `${verb} ${eligible.length} instance${eligible.length === 1 ? "" : "s"}?`;

  const confirm = () =>
    mutation.mutate(
      { pipelineId, objectIds: ids, status: action },
      {
        onSuccess: (r) => {
          if (r.succeeded > 0) onDone?.(r);
          if (r.failed === 0) onClose();
          else setResult(r);
        },
      },
    );

  return (
    <ConfirmDialog
      open
      title={result ? `${verb}: ${result.succeeded} done, ${result.failed} refused` : title}
      confirmLabel={confirmLabel(single ? null : eligible.length)}
      tone={tone}
      busy={mutation.isPending}
      confirmDisabled={ids.length === 0 || (action === "RERUN" && !previewReady)}
      hideConfirm={result !== null}
      cancelLabel={result ? "Close" : dismiss}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {result ? (
        <>
          <p>The others were refused by the server:</p>
          <ul className={dialogCss.list} aria-label="Refused">
            {result.results
              .filter((r) => !r.ok)
              .map((r) => (
                <li key={r.id}>
                  <span className={textCss.mono}>{r.id}</span>: <span className={textCss.errorText}>{r.message}</span>
                </li>
              ))}
          </ul>
        </>
      ) : (
        <>
          {action === "RERUN" ? (
            ids.length > 0 ? (
              <RerunPreviewList pipelineId={pipelineId} ids={ids} onState={setPreviewReady} />
            ) : null
          ) : action === "TRY_CANCEL" ? (
            <>
              <p>
                Waiting instances become CANCELED at once. For running ones the runner is told on its next progress
                report (<code>canceled: true</code>), and they become CANCELED then. What depends on them does not run.
              </p>
              {!single && eligible.length > 0 ? (
                <InstanceList pipelineId={pipelineId} label="Instances to cancel" items={eligible} />
              ) : null}
            </>
          ) : (
            <>
              <p>
                {single ? "The instance becomes" : "The instances become"} FINISHED without running (it counts as a
                success), and the instances that depend on {single ? "it" : "them"} may start. Work a runner still holds
                is cancelled.
              </p>
              {!single && eligible.length > 0 ? (
                <InstanceList pipelineId={pipelineId} label="Instances to mark finished" items={eligible} />
              ) : null}
            </>
          )}
          {skipped.length > 0 ? (
            <>
              <p className={textCss.muted}>Skipped ({skipped.length}):</p>
              <InstanceList
                pipelineId={pipelineId}
                label="Skipped instances"
                items={skipped.map((s) => ({ id: s.id, status: s.status, note: s.reason }))}
              />
            </>
          ) : null}
          {mutation.isError ? (
            <div className={cx(bannerCss.banner, bannerCss.error)} role="alert">
              <strong>{verb} was refused.</strong> {mutation.error.message}
            </div>
          ) : null}
        </>
      )}
    </ConfirmDialog>
  );
}
