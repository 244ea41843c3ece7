// The console's list table: a scrolling frame, a table captioned for screen readers, a header row of
// column names (the actions column named for screen readers only), and the rows the caller renders.
// Pipelines, runners and the Admin users and keys lists all use it, so the shape and its styles
// (table.module.css) live once.

import type { ReactNode } from "react";
import { cx } from "./cx";
import pageCss from "./page.module.css";
import tableCss from "./table.module.css";

/** A column heading; the actions column is named for screen readers only. */
export type Column = string | { label: string; srOnly: true };

/** The last column of a list whose rows have buttons. */
export const ACTIONS_COLUMN: Column = { label: "Actions", srOnly: true };

export function DataTable({
  caption,
  columns,
  compact = false,
  children,
}: {
  caption: string;
  columns: readonly Column[];
  compact?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={tableCss.wrap}>
      <table className={cx(tableCss.table, compact && tableCss.compact)}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === "string" ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col">
                  <span className="sr-only">{c.label}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row's actions cell: right-aligned; several buttons sit in a row that wraps on small screens. */
export function ActionsCell({ children, group = false }: { children: ReactNode; group?: boolean }) {
  return (
    <td className={tableCss.cellActions}>{group ? <div className={pageCss.actions}>{children}</div> : children}</td>
  );
}

/** The one row of a list that has none. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className={tableCss.emptyCell}>
        {children}
      </td>
    </tr>
  );
}
