// Walks parsed templates against objects supplied by the caller. Field values that are templates
// themselves are evaluated in the context of the object holding them, memoised per evaluation (so
// fan-out through shared fields stays linear) and tracked on a stack for cycle detection.

import type { Field } from "../protocol/types";
import { applyBinaryOperator, applyNegate, applyPower } from "./apply-operator";
import type { ExpressionNode, ParsedTemplate, PostfixStep } from "./ast";
import { EvaluationBudget, ReadLog } from "./evaluation-state";
import { ExpressionError } from "./expression-error";
import type { CompiledPattern } from "./format-joda-pattern";
import { FUNCTION_LIBRARY } from "./function-library";
import { appendFlattened, liftValues } from "./lift-values";
import { MAX_EVALUATION_DEPTH, MAX_FIELD_DEPTH, MAX_LIST_LENGTH } from "./limits";
import { parseTemplate } from "./parser";
import type { EvaluationContext, ExpressionObject, ExpressionRead } from "./types";
import { describeType, makeString, stringifyScalar, type ScalarValue, type Value } from "./values";

/** The object an expression is evaluated on, and its referrer when `node` is available there. */
export interface Frame {
  objectId: string;
  nodeId: string | undefined;
}

export type TemplateResult = { type: "string"; value: string } | { type: "list"; values: string[] };

export function hasExpression(text: string): boolean {
  return text.includes("#{");
}

/** How the console and `value` show a list: a JSON array of strings. */
export function showList(values: readonly string[]): string {
  return JSON.stringify(values);
}

export class Evaluator {
  readonly budget: EvaluationBudget;
  /** `format` patterns compiled once per evaluation, however many list elements use them. */
  private readonly patterns = new Map<string, CompiledPattern>();
  readonly reads = new ReadLog();
  private readonly fieldIndexes = new WeakMap<ExpressionObject, Map<string, Field[]>>();
  private readonly memo = new Map<string, Value>();
  /** Fields being evaluated, outermost first: `objectId.key` and its memo key. */
  private readonly inProgress: { path: string; memoKey: string }[] = [];
  private depth = 0;

  constructor(private readonly ctx: EvaluationContext) {
    this.budget = new EvaluationBudget(ctx.timeLimitMs);
  }

  evaluateTemplate(template: ParsedTemplate, frame: Frame): TemplateResult {
    const slots: Value[] = [];
    let firstPos = 0;
    for (const part of template.parts) {
      if (part.kind === "slot") {
        if (slots.length === 0) firstPos = part.pos;
        slots.push(this.evaluate(part.expression, frame));
      }
    }
    const splice = (scalars: readonly ScalarValue[]): string => {
      const pieces: string[] = [];
      let length = 0;
      let slot = 0;
      for (const part of template.parts) {
        const piece = part.kind === "text" ? part.text : stringifyScalar(scalars[slot++] ?? makeString(""));
        length += piece.length;
        pieces.push(piece);
      }
      this.budget.spendChars(length, firstPos);
      return pieces.join("");
    };
    const result = liftValues(slots, this.budget, firstPos, (scalars) => makeString(splice(scalars)));
    if (result.type === "list") return { type: "list", values: result.items.map(stringifyScalar) };
    return { type: "string", value: stringifyScalar(result) };
  }

  /**
   * Evaluates a stored field value as a template of `objectId`, with that field marked in progress
   * so a reference back to it is reported as a cycle.
   */
  evaluateFieldText(objectId: string, key: string, text: string, frame: Frame, pos: number): TemplateResult {
    return this.withFieldInProgress(objectId, key, frame.nodeId, pos, () =>
      this.evaluateTemplate(parseTemplate(text), frame),
    );
  }

  evaluate(node: ExpressionNode, frame: Frame): Value {
    this.budget.spendSteps(1, node.pos);
    // Each template is nested at most MAX_NESTING_DEPTH deep, but templates reached through fields
    // stack on each other; this bounds the JS stack the whole chain can take.
    if (this.depth >= MAX_EVALUATION_DEPTH) {
      throw new ExpressionError(
        `expression nested too deeply across field references (more than ${MAX_EVALUATION_DEPTH} levels)`,
        node.pos,
      );
    }
    this.depth++;
    try {
      return this.evaluateNode(node, frame);
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(node: ExpressionNode, frame: Frame): Value {
    switch (node.kind) {
      case "int":
        return { type: "int", value: node.value };
      case "double":
        return { type: "double", value: node.value };
      case "string":
        return { type: "string", value: node.value };
      case "field":
        return this.evaluateBareField(node.name, frame, node.pos);
      case "node":
        return this.evaluateNodeKeyword(frame, node.pos);
      case "call":
        return this.callFunction(node.name, null, node.args, frame, node.pos);
      case "postfix": {
        let value = this.evaluate(node.base, frame);
        for (const step of node.steps) value = this.applyStep(value, step, frame);
        return value;
      }
      case "binary": {
        let value = this.evaluate(node.first, frame);
        for (const { op, operand, pos } of node.rest) {
          const right = this.evaluate(operand, frame);
          value = liftValues([value, right], this.budget, pos, ([a, b]) =>
            applyBinaryOperator(op, a, b, pos, this.budget),
          );
        }
        return value;
      }
      case "power": {
        const base = this.evaluate(node.base, frame);
        const exponent = this.evaluate(node.exponent, frame);
        return liftValues([base, exponent], this.budget, node.pos, ([a, b]) => applyPower(a, b, node.pos));
      }
      case "negate": {
        const operand = this.evaluate(node.operand, frame);
        return liftValues([operand], this.budget, node.pos, ([a]) => applyNegate(a, node.pos));
      }
    }
  }

  private applyStep(target: Value, step: PostfixStep, frame: Frame): Value {
    if (step.kind === "method") return this.callFunction(step.name, target, step.args, frame, step.pos);
    return liftValues([target], this.budget, step.pos, ([value]) => {
      if (value.type !== "ref") {
        throw new ExpressionError(
          `type mismatch: cannot read field '${step.name}' of a value of type ${describeType(value)}`,
          step.pos,
        );
      }
      const result = this.lookupField(value.value, step.name, frame, step.pos);
      if (result === undefined) {
        throw new ExpressionError(`unknown field '${step.name}' on object '${value.value}'`, step.pos);
      }
      return result;
    });
  }

  private callFunction(
    name: string,
    target: Value | null,
    argNodes: readonly ExpressionNode[],
    frame: Frame,
    pos: number,
  ): Value {
    const fn = FUNCTION_LIBRARY.get(name);
    if (fn === undefined) throw new ExpressionError(`unknown function '${name}'`, pos);
    const count = argNodes.length + (target === null ? 0 : 1);
    if (count !== fn.arity) {
      throw new ExpressionError(
        `function ${name} takes ${fn.arity} argument${fn.arity === 1 ? "" : "s"}, got ${count}`,
        pos,
      );
    }
    const args: Value[] = target === null ? [] : [target];
    const argPositions: number[] = target === null ? [] : [pos];
    for (const argNode of argNodes) {
      args.push(this.evaluate(argNode, frame));
      argPositions.push(argNode.pos);
    }
    return liftValues(args, this.budget, pos, (scalars) => {
      const result = fn.call({ name, args: scalars, argPositions, pos, patterns: this.patterns });
      // Charged as each element is produced, so a list of large results stops at the budget
      // instead of being held whole before anything counts it.
      if (result.type === "string") this.budget.spendChars(result.value.length, pos);
      return result;
    });
  }

  private evaluateNodeKeyword(frame: Frame, pos: number): Value {
    if (frame.nodeId === undefined) {
      throw new ExpressionError(
        "'node' is only available in preconditions and alarms, where an object refers to this one",
        pos,
      );
    }
    this.reads.record({ objectId: frame.objectId, key: "node", value: frame.nodeId, kind: "ref" });
    return { type: "ref", value: frame.nodeId };
  }

  private evaluateBareField(name: string, frame: Frame, pos: number): Value {
    const value = this.lookupField(frame.objectId, name, frame, pos);
    if (value !== undefined) return value;
    const parameter = name.startsWith("@") ? undefined : this.ctx.parameters?.get(name);
    if (parameter !== undefined) return this.readParameter(frame.objectId, name, parameter, pos);
    throw new ExpressionError(`unknown field '${name}' on object '${frame.objectId}'`, pos);
  }

  private readParameter(objectId: string, name: string, values: readonly string[], pos: number): Value {
    if (values.length > MAX_LIST_LENGTH) throw new ExpressionError(`list longer than ${MAX_LIST_LENGTH} values`, pos);
    this.budget.spendSteps(values.length, pos);
    for (const value of values) this.reads.record({ objectId, key: name, value, kind: "parameter" });
    const items = values.map(makeString);
    return items.length === 1 && items[0] !== undefined ? items[0] : { type: "list", items };
  }

  private getObjectOrThrow(objectId: string, pos: number): ExpressionObject {
    const object = this.ctx.getObject(objectId);
    if (object === undefined) throw new ExpressionError(`unknown object '${objectId}'`, pos);
    return object;
  }

  private fieldsOf(object: ExpressionObject, key: string): Field[] | undefined {
    let index = this.fieldIndexes.get(object);
    if (index === undefined) {
      index = new Map();
      for (const field of object.fields) {
        const list = index.get(field.key);
        if (list === undefined) index.set(field.key, [field]);
        else list.push(field);
      }
      this.fieldIndexes.set(object, index);
    }
    return index.get(key);
  }

  /** A field's value, or undefined when the object has no such field. */
  private lookupField(objectId: string, key: string, frame: Frame, pos: number): Value | undefined {
    this.budget.spendSteps(1, pos);
    const object = this.getObjectOrThrow(objectId, pos);
    const fields = this.fieldsOf(object, key);
    if (fields === undefined) {
      if (key !== "@id") return undefined;
      this.reads.record({ objectId, key, value: object.id, kind: "id" });
      return makeString(object.id);
    }
    if (fields.length > MAX_LIST_LENGTH) throw new ExpressionError(`list longer than ${MAX_LIST_LENGTH} values`, pos);
    // `node` means the referrer of the object under evaluation only; templates read on other objects lack one.
    const nodeId = objectId === frame.objectId ? frame.nodeId : undefined;
    const memoKey = [objectId, key, nodeId ?? ""].join("\u0000");
    const cached = this.memo.get(memoKey);
    if (cached !== undefined) return cached;

    const value = this.withFieldInProgress(objectId, key, nodeId, pos, () => {
      this.budget.spendSteps(fields.length, pos);
      const items: ScalarValue[] = [];
      for (const field of fields) appendFlattened(items, this.readFieldValue(objectId, field, nodeId, pos), pos);
      return fields.length === 1 && items.length === 1 && items[0] !== undefined
        ? items[0]
        : { type: "list" as const, items };
    });
    this.memo.set(memoKey, value);
    return value;
  }

  private readFieldValue(objectId: string, field: Field, nodeId: string | undefined, pos: number): Value {
    if (field.refValue !== undefined) {
      this.reads.record({ objectId, key: field.key, value: field.refValue, kind: "ref" });
      return { type: "ref", value: field.refValue };
    }
    const text = field.stringValue ?? "";
    const read = this.reads.record({ objectId, key: field.key, value: text, kind: "string" });
    if (!hasExpression(text)) return makeString(text);
    const result = this.evaluateText(objectId, field.key, text, { objectId, nodeId }, pos);
    if (result.type === "string") {
      read.evaluated = result.value;
      return makeString(result.value);
    }
    read.evaluated = showList(result.values);
    return { type: "list", items: result.values.map(makeString) };
  }

  /** Parses and evaluates a field's template, re-pointing errors at the reference in the outer template. */
  private evaluateText(objectId: string, key: string, text: string, frame: Frame, pos: number): TemplateResult {
    try {
      return this.evaluateTemplate(parseTemplate(text), frame);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      if (error.origin !== undefined) throw new ExpressionError(error.message, pos, { origin: error.origin });
      throw new ExpressionError(`${error.message} (in ${objectId}.${key} at offset ${error.position})`, pos, {
        origin: { objectId, key, position: error.position },
      });
    }
  }

  private withFieldInProgress<T>(
    objectId: string,
    key: string,
    nodeId: string | undefined,
    pos: number,
    run: () => T,
  ): T {
    const path = `${objectId}.${key}`;
    const memoKey = [objectId, key, nodeId ?? ""].join("\u0000");
    const start = this.inProgress.findIndex((entry) => entry.memoKey === memoKey);
    if (start !== -1) {
      const cycle = [...this.inProgress.slice(start).map((entry) => entry.path), path].join(" -> ");
      throw new ExpressionError(`reference cycle: ${cycle}`, pos, { origin: { objectId, key, position: pos } });
    }
    if (this.inProgress.length >= MAX_FIELD_DEPTH) {
      throw new ExpressionError(`field references nested too deeply (more than ${MAX_FIELD_DEPTH} levels)`, pos);
    }
    this.inProgress.push({ path, memoKey });
    try {
      return run();
    } finally {
      this.inProgress.pop();
    }
  }

  readList(): ExpressionRead[] {
    return this.reads.list();
  }
}
