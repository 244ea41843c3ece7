/** The line of `text` holding `position` and a caret line under it (tabs kept so the caret lines up). */
export function caretLines(text: string, position: number): { lineNumber: number; line: string; caret: string } {
  const pos = Math.max(0, Math.min(position, text.length));
  const start = text.lastIndexOf("\n", pos - 1) + 1;
  const endAt = text.indexOf("\n", pos);
  const line = text.slice(start, endAt === -1 ? text.length : endAt);
  const caret = `${line.slice(0, pos - start).replace(/[^\t]/g, " ")}^`;
  return { lineNumber: text.slice(0, start).split("\n").length, line, caret };
}
