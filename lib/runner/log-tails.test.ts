import { appendFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AttemptLogTails, toFieldText } from "./log-tails";

describe("toFieldText", () => {
  it("replaces characters a field cannot hold and drops a partial first line after a cut", () => {
    expect(toFieldText(Buffer.from("a\u0000b\u001bc\n"), false)).toBe("a\uFFFDb\uFFFDc\n");
    expect(toFieldText(Buffer.from("tail of line\nnext\n"), true)).toBe("next\n");
    expect(toFieldText(Buffer.from([0xa9, 0x61, 0x0a, 0x62]), true)).toBe("b");
  });
});

describe("AttemptLogTails", () => {
  it("sends only this attempt's output, bounded, and only when it changed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ph-tails-"));
    const out = path.join(dir, "stdout.log");
    const err = path.join(dir, "stderr.log");
    await writeFile(out, "earlier attempt\n");
    const tails = await AttemptLogTails.begin(out, err, 16);

    const first = await tails.changedFields();
    expect(first).toEqual([
      { key: "stdoutPath", stringValue: out },
      { key: "stderrPath", stringValue: err },
    ]);
    tails.sent(first);
    expect(await tails.changedFields()).toEqual([]);

    await appendFile(out, "one\n");
    await appendFile(err, "x".repeat(40) + "\nboom\n");
    const second = await tails.changedFields();
    expect(second).toEqual([
      { key: "stdoutTail", stringValue: "one\n" },
      { key: "stderrTail", stringValue: "boom\n" },
    ]);
    tails.sent(second);
    expect(await tails.changedFields()).toEqual([]);
  });
});
