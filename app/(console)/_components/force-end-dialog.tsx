"use client";
// Force cancel / Mark failed: the confirmation says which runner holds the work, when it last
// reported, and what revoking its lease means, then ends the attempt at once.

import { useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TimeAgo } from "@/components/time-ago";
import type { LeaseView } from "@/lib/console/get-instance-execution";
import { useForceEnd } from "@/lib/query/use-force-end";
import bannerCss from "@/components/ui/banner.module.css";
import formCss from "@/components/ui/form.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

export type ForceOutcome = "CANCELED" | "FAILED";

export function ForceEndDialog({
  pipelineId,
  instanceId,
  lease,
  outcome,
  onClose,
}: {
  pipelineId: string;
  instanceId: string;
  lease: LeaseView;
  outcome: ForceOutcome | null;
  onClose: () => void;
}) {
  const mutation = useForceEnd();
  const [reason, setReason] = useState("");
  const { reset } = mutation;
  useEffect(() => {
    if (outcome) {
      reset();
      setReason("");
    }
  }, [outcome, reset]);
  const verb = outcome === "FAILED" ? "Mark failed" : "Force cancel";
  return (
    <ConfirmDialog
      open={outcome !== null}
      title={`${verb} ${instanceId}?`}
      confirmLabel={outcome === "FAILED" ? "Mark failed now" : "Force cancel now"}
      tone="danger"
      busy={mutation.isPending}
      cancelLabel="Back"
      onCancel={onClose}
      onConfirm={() =>
        outcome &&
        mutation.mutate(
          { pipelineId, instanceIds: [instanceId], outcome, ...(reason.trim() ? { reason: reason.trim() } : {}) },
          { onSuccess: () => onClose() },
        )
      }
    >
      <p>
        Use this only when the runner is gone. The work is held by{" "}
        {lease.hostname ? <span className={textCss.mono}>{lease.hostname}</span> : "a runner that sent no hostname"} in{" "}
        <span className={textCss.mono}>{lease.workerGroup}</span>; its last progress report was{" "}
        <TimeAgo iso={lease.lastProgressAt ?? lease.leasedAt} empty="never" />.
      </p>
      <p>
        Its lease is revoked now: if that runner comes back, its ReportTaskProgress and SetTaskStatus are refused (
        <code>TaskNotFoundException</code>).{" "}
        {outcome === "FAILED"
          ? "The attempt and the instance become FAILED at once (no retry), and dependents fail as the pipeline's failureAndRerunMode says."
          : "The attempt and the instance become CANCELED at once; what depends on them does not run."}{" "}
        The action is recorded in the audit log.
      </p>
      <label className={formCss.field}>
        <span>Reason (optional, kept in the audit log)</span>
        <input
          type="text"
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. host i-0abc terminated"
        />
      </label>
      {mutation.isError ? (
        <div className={cx(bannerCss.banner, bannerCss.error)} role="alert">
          <strong>{verb} was refused.</strong> {mutation.error.message}
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
