/**
 * Keeps only the last `maxBytes` of a stream, so a task that writes gigabytes to stderr cannot grow
 * the runner's memory, while the end of its output (usually the error) is kept for SetTaskStatus.
 */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  append(chunk: Buffer): void {
    const kept = chunk.length > this.maxBytes ? chunk.subarray(chunk.length - this.maxBytes) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
    while (this.size > this.maxBytes) {
      const first = this.chunks[0];
      if (!first) break;
      const excess = this.size - this.maxBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** The kept text, limited to its last `maxLines` lines, without a trailing newline. */
  readText(maxLines: number): string {
    const text = Buffer.concat(this.chunks)
      .toString("utf8")
      .replace(/^\uFFFD+/, "");
    const lines = text.replace(/\n$/, "").split("\n");
    return lines.slice(-maxLines).join("\n");
  }
}
