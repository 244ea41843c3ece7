// Per-evaluation bookkeeping: the step and character budgets that bound work, and the reads that
// the operator console shows next to an evaluated value.

import { ExpressionError } from "./expression-error";
import {
  DEFAULT_EVALUATION_TIME_MS,
  MAX_EVALUATION_STEPS,
  MAX_PRODUCED_CHARS,
  MAX_STRING_LENGTH,
  STEPS_PER_CLOCK_CHECK,
} from "./limits";
import type { ExpressionRead } from "./types";

export class EvaluationBudget {
  private steps = 0;
  private chars = 0;
  private sinceClockCheck = 0;
  private readonly deadline: number;

  /** `timeLimitMs`: wall-clock time this evaluation may take (checked as work is charged). */
  constructor(private readonly timeLimitMs: number = DEFAULT_EVALUATION_TIME_MS) {
    this.deadline = performance.now() + timeLimitMs;
  }

  /** Counts units of work; throws once the evaluation has done too much or taken too long. */
  spendSteps(count: number, pos: number): void {
    this.steps += count;
    if (this.steps > MAX_EVALUATION_STEPS) {
      throw new ExpressionError(`expression needs more than ${MAX_EVALUATION_STEPS} evaluation steps`, pos);
    }
    this.sinceClockCheck += count;
    if (this.sinceClockCheck >= STEPS_PER_CLOCK_CHECK) this.checkClock(pos);
  }

  /** Throws once the evaluation has run past its time limit; called between units of costly work. */
  checkClock(pos: number): void {
    this.sinceClockCheck = 0;
    if (performance.now() > this.deadline) {
      throw new ExpressionError(`expression took longer than the ${this.timeLimitMs} ms limit to evaluate`, pos);
    }
  }

  /** Call before building a string of `length` characters, so oversized strings are never allocated. */
  spendChars(length: number, pos: number): void {
    if (length > MAX_STRING_LENGTH) {
      throw new ExpressionError(`expression result longer than ${MAX_STRING_LENGTH} characters`, pos);
    }
    this.chars += length;
    if (this.chars > MAX_PRODUCED_CHARS) {
      throw new ExpressionError(`expression produces more than ${MAX_PRODUCED_CHARS} characters`, pos);
    }
    // Producing characters is work too: a long string counts as one step per KiB.
    this.spendSteps(1 + (length >> 10), pos);
  }
}

export class ReadLog {
  private readonly reads = new Map<string, ExpressionRead>();

  /** Records a read once however often it happens; returns the stored entry so `evaluated` can be filled in. */
  record(read: ExpressionRead): ExpressionRead {
    const key = [read.objectId, read.key, read.kind, read.value].join("\u0000");
    const existing = this.reads.get(key);
    if (existing !== undefined) return existing;
    this.reads.set(key, read);
    return read;
  }

  list(): ExpressionRead[] {
    return [...this.reads.values()];
  }
}
