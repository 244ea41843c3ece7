"use client";
// A modal confirmation on the native <dialog>: focus is trapped and Escape cancels.

import { useEffect, useId, useRef, type ReactNode } from "react";
import { useRefreshHold } from "./refresh-settings";
import buttonCss from "@/components/ui/button.module.css";
import dialogCss from "@/components/ui/dialog.module.css";
import { cx } from "@/components/ui/cx";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  busy?: boolean;
  /** The confirm button is shown but cannot be pressed (e.g. while a preview loads, or when it failed). */
  confirmDisabled?: boolean;
  /** Only the dismiss button, labelled `cancelLabel` (e.g. when showing the outcome). */
  hideConfirm?: boolean;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = "primary",
  busy,
  confirmDisabled,
  hideConfirm,
  cancelLabel = "Cancel",
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useRefreshHold(open);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={dialogCss.dialog}
      aria-labelledby={titleId}
      onCancel={(e) => (e.preventDefault(), onCancel())}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && !confirmDisabled && !hideConfirm) onConfirm();
        }}
      >
        <h2 id={titleId} className={dialogCss.title}>
          {title}
        </h2>
        <div className={dialogCss.body}>{children}</div>
        <div className={dialogCss.actions}>
          <button type="button" className={buttonCss.btn} onClick={onCancel} autoFocus>
            {cancelLabel}
          </button>
          {hideConfirm ? null : (
            <button
              type="submit"
              className={cx(buttonCss.btn, tone === "danger" ? buttonCss.danger : buttonCss.primary)}
              disabled={busy || confirmDisabled}
            >
              {busy ? "Working…" : confirmLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
