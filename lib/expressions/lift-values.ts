// Element-wise evaluation over lists (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-reference-functions-math.html: `'this is ' + myList` maps over the list). When
// several operands are lists every combination is produced, in order (the first operand varies
// slowest), and the results are flattened into one list.

import { ExpressionError } from "./expression-error";
import type { EvaluationBudget } from "./evaluation-state";
import { MAX_LIST_LENGTH } from "./limits";
import type { ScalarValue, Value } from "./values";

/** One scalar per operand, in operand order. */
export type ScalarsOf<T extends readonly Value[]> = { [K in keyof T]: ScalarValue };

export function liftValues<const T extends readonly Value[]>(
  operands: T,
  budget: EvaluationBudget,
  pos: number,
  apply: (scalars: ScalarsOf<T>) => Value,
): Value {
  // Both casts below are sound: `picked` holds exactly one scalar per operand, in order, which is what
  // ScalarsOf<T> describes; TypeScript cannot see that through filter/forEach.
  const scalars = operands.filter((operand): operand is ScalarValue => operand.type !== "list");
  if (scalars.length === operands.length) return apply(scalars as unknown as ScalarsOf<T>);

  const choices: ScalarValue[][] = operands.map((operand) => (operand.type === "list" ? operand.items : [operand]));
  let combinations = 1;
  for (const options of choices) {
    combinations *= options.length;
    if (combinations > MAX_LIST_LENGTH) throw new ExpressionError(`list longer than ${MAX_LIST_LENGTH} values`, pos);
  }
  budget.spendSteps(combinations, pos);

  const items: ScalarValue[] = [];
  const indexes = choices.map(() => 0);
  for (let n = 0; n < combinations; n++) {
    // Each element may be costly (a format over a long pattern): look at the clock as we go.
    if (n > 0) budget.checkClock(pos);
    const picked: ScalarValue[] = [];
    choices.forEach((options, i) => {
      const item = options[indexes[i] ?? 0];
      if (item !== undefined) picked.push(item);
    });
    appendFlattened(items, apply(picked as unknown as ScalarsOf<T>), pos);
    for (let i = indexes.length - 1; i >= 0; i--) {
      const next = (indexes[i] ?? 0) + 1;
      if (next < (choices[i]?.length ?? 0)) {
        indexes[i] = next;
        break;
      }
      indexes[i] = 0;
    }
  }
  return { type: "list", items };
}

/** Appends a value to a list under construction, flattening lists and enforcing MAX_LIST_LENGTH. */
export function appendFlattened(items: ScalarValue[], value: Value, pos: number): void {
  const added = value.type === "list" ? value.items : [value];
  if (items.length + added.length > MAX_LIST_LENGTH) {
    throw new ExpressionError(`list longer than ${MAX_LIST_LENGTH} values`, pos);
  }
  for (const item of added) items.push(item);
}
