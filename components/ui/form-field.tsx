// A labelled control in a boxed form: the label above, the control (and any hint) under it.

import type { ReactNode } from "react";
import formCss from "./form.module.css";

export function FormField({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <div className={formCss.row}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
