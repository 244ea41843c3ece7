// Binary chains and postfix chains are flat arrays rather than left-deep trees: `1+1+…+1` or
// `a.b.c.…` of any length is then evaluated by a loop, and tree depth only grows with the nesting the
// parser counts against MAX_NESTING_DEPTH.

export type BinaryOperator = "+" | "-" | "*" | "/";

export type ExpressionNode =
  | { kind: "int"; value: number; pos: number }
  | { kind: "double"; value: number; pos: number }
  | { kind: "string"; value: string; pos: number }
  /** A field of the current object: `name`, `@name`, `*name`. */
  | { kind: "field"; name: string; pos: number }
  | { kind: "node"; pos: number }
  | { kind: "call"; name: string; args: ExpressionNode[]; pos: number }
  | { kind: "postfix"; base: ExpressionNode; steps: PostfixStep[]; pos: number }
  | { kind: "binary"; first: ExpressionNode; rest: BinaryOperand[]; pos: number }
  | { kind: "power"; base: ExpressionNode; exponent: ExpressionNode; pos: number }
  | { kind: "negate"; operand: ExpressionNode; pos: number };

/** `.name` reads a field of the referenced object; `.f(args)` calls `f(target, args)`. */
export type PostfixStep =
  { kind: "member"; name: string; pos: number } | { kind: "method"; name: string; args: ExpressionNode[]; pos: number };

export interface BinaryOperand {
  op: BinaryOperator;
  operand: ExpressionNode;
  /** Offset of the operator, where errors such as division by zero point. */
  pos: number;
}

export type TemplatePart = { kind: "text"; text: string } | { kind: "slot"; expression: ExpressionNode; pos: number };

export interface ParsedTemplate {
  parts: TemplatePart[];
}
