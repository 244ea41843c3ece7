// Per-evaluation bookkeeping: the step and character budgets that bound work, and the reads that
// the operator console shows next to an evaluated value.

import { ExpressionError } from "./expression-error";
import { MAX_EVALUATION_STEPS, MAX_PRODUCED_CHARS, MAX_STRING_LENGTH } from "./limits";
import type { ExpressionRead } from "./types";

export class EvaluationBudget {
  private steps = 0;
  private chars = 0;

  /** Counts units of work; throws once the evaluation has done too much. */
  spendSteps(count: number, pos: number): void {
    this.steps += count;
    if (this.steps > MAX_EVALUATION_STEPS) {
      throw new ExpressionError(`expression needs more than ${MAX_EVALUATION_STEPS} evaluation steps`, pos);
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
