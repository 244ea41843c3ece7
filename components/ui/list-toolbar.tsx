// The filter bar above a list: a form that never submits (each control applies itself), labelled
// for assistive technology, with the count of what is shown at its end.

import type { ReactNode } from "react";
import formCss from "./form.module.css";

export function ListToolbar({
  label,
  search = false,
  note,
  children,
}: {
  label: string;
  /** A search landmark (role="search") when the bar filters by text. */
  search?: boolean;
  /** What is shown, announced politely as it changes ("12 pipelines · refreshing"). */
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form
      className={formCss.toolbar}
      role={search ? "search" : undefined}
      aria-label={label}
      onSubmit={(e) => e.preventDefault()}
    >
      {children}
      {note !== undefined ? (
        <p className={formCss.toolbarNote} aria-live="polite">
          {note}
        </p>
      ) : null}
    </form>
  );
}
