// Joins CSS Module class names, skipping the ones a condition turned off: cx(s.row, selected && s.selected).
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
