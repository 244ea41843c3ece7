"use client";
// Short-lived notices for the outcome of operator actions, announced to screen readers.

import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { ToastContext, type Toast } from "@/lib/notices/toast-context";
import buttonCss from "@/components/ui/button.module.css";
import styles from "./toaster.module.css";
import { cx } from "@/components/ui/cx";

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (toast: Omit<Toast, "id">) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { ...toast, id }]);
      // Errors stay until dismissed: they usually need reading.
      if (toast.tone !== "error") window.setTimeout(() => dismiss(id), 6_000);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ push }), [push]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className={styles.toasts} role="region" aria-label="Notifications" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={cx(styles.toast, styles[t.tone])} role={t.tone === "error" ? "alert" : "status"}>
            <div className={styles.text}>
              <strong>{t.title}</strong>
              {t.detail ? <span>{t.detail}</span> : null}
            </div>
            <button
              type="button"
              className={cx(buttonCss.btn, buttonCss.ghost, buttonCss.small)}
              onClick={() => dismiss(t.id)}
              aria-label={`Dismiss: ${t.title}`}
            >
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
