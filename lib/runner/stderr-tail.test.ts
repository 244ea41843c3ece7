import { describe, expect, it } from "vitest";
import { TailBuffer } from "./stderr-tail";

describe("TailBuffer", () => {
  it("keeps only the last bytes", () => {
    const tail = new TailBuffer(10);
    tail.append(Buffer.from("0123456789"));
    tail.append(Buffer.from("abcdef"));
    expect(tail.readText(100)).toBe("6789abcdef");
    tail.append(Buffer.from("a much longer chunk than the limit"));
    expect(tail.readText(100)).toBe(" the limit");
  });

  it("returns the last lines without the trailing newline", () => {
    const tail = new TailBuffer(4096);
    tail.append(Buffer.from(Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join("")));
    const text = tail.readText(20);
    expect(text.split("\n")).toHaveLength(20);
    expect(text.startsWith("line 11\n")).toBe(true);
    expect(text.endsWith("line 30")).toBe(true);
  });
});
