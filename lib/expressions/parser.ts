// Recursive-descent parser for the grammar of https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html. Recursion happens only where the source
// nests (parentheses, arguments, unary minus, `^`), and each of those counts against
// MAX_NESTING_DEPTH, so hostile input gets an ExpressionError long before the JS stack runs out.

import type { BinaryOperand, BinaryOperator, ExpressionNode, ParsedTemplate, PostfixStep, TemplatePart } from "./ast";
import { ExpressionError } from "./expression-error";
import { TemplateLexer, type Token, type TokenKind } from "./lexer";
import { MAX_NESTING_DEPTH } from "./limits";

export function parseTemplate(source: string): ParsedTemplate {
  return new Parser(source).parseTemplate();
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case "eof":
      return "end of template";
    case "text":
      return "text";
    case "slotOpen":
      return "'#{'";
    case "slotClose":
      return "'}'";
    case "int":
    case "double":
      return `number ${token.value}`;
    case "string":
      return "string";
    case "ident":
    case "atIdent":
      return `'${token.value}'`;
    default:
      return `'${token.value}'`;
  }
}

class Parser {
  private readonly lexer: TemplateLexer;
  private current: Token;
  private depth = 0;

  constructor(source: string) {
    this.lexer = new TemplateLexer(source);
    this.current = this.lexer.next();
  }

  parseTemplate(): ParsedTemplate {
    const parts: TemplatePart[] = [];
    for (;;) {
      const token = this.current;
      if (token.kind === "eof") return { parts };
      if (token.kind === "text") {
        parts.push({ kind: "text", text: token.value });
        this.advance();
        continue;
      }
      // The lexer yields only text, slotOpen or eof outside a slot.
      this.advance();
      const expression = this.parseExpression();
      this.expect("slotClose", "'}' to close the expression");
      parts.push({ kind: "slot", expression, pos: token.pos });
    }
  }

  /** Read through a method so TypeScript does not keep a narrowing of `current` across advance(). */
  private currentKind(): TokenKind {
    return this.current.kind;
  }

  private advance(): Token {
    const token = this.current;
    this.current = this.lexer.next();
    return token;
  }

  private expect(kind: TokenKind, what: string): Token {
    if (this.current.kind !== kind) {
      throw new ExpressionError(`expected ${what} but found ${describeToken(this.current)}`, this.current.pos);
    }
    return this.advance();
  }

  private enter(pos: number): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new ExpressionError(`expression nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`, pos);
    }
  }

  private leave(): void {
    this.depth--;
  }

  private parseExpression(): ExpressionNode {
    this.enter(this.current.pos);
    const node = this.parseChain(["+", "-"], () => this.parseChain(["*", "/"], () => this.parsePower()));
    this.leave();
    return node;
  }

  private parseChain(operators: readonly BinaryOperator[], parseOperand: () => ExpressionNode): ExpressionNode {
    const first = parseOperand();
    const rest: BinaryOperand[] = [];
    for (;;) {
      const op = operators.find((candidate) => candidate === this.current.kind);
      if (op === undefined) break;
      const pos = this.advance().pos;
      rest.push({ op, operand: parseOperand(), pos });
    }
    return rest.length === 0 ? first : { kind: "binary", first, rest, pos: first.pos };
  }

  /** `^` is right-associative and binds tighter than `*`; its operands are unary (so `-2^2` is `(-2)^2`). */
  private parsePower(): ExpressionNode {
    const base = this.parseUnary();
    if (this.current.kind !== "^") return base;
    const pos = this.advance().pos;
    this.enter(pos);
    const exponent = this.parsePower();
    this.leave();
    return { kind: "power", base, exponent, pos };
  }

  private parseUnary(): ExpressionNode {
    if (this.current.kind !== "-") return this.parsePostfix();
    const pos = this.advance().pos;
    this.enter(pos);
    const operand = this.parseUnary();
    this.leave();
    return { kind: "negate", operand, pos };
  }

  private parsePostfix(): ExpressionNode {
    const base = this.parsePrimary();
    const steps: PostfixStep[] = [];
    while (this.current.kind === ".") {
      this.advance();
      const name = this.current;
      if (name.kind === "atIdent") {
        this.advance();
        steps.push({ kind: "member", name: name.value, pos: name.pos });
      } else if (name.kind === "ident") {
        this.advance();
        if (this.currentKind() === "(") {
          steps.push({ kind: "method", name: name.value, args: this.parseArguments(), pos: name.pos });
        } else {
          steps.push({ kind: "member", name: name.value, pos: name.pos });
        }
      } else {
        throw new ExpressionError(
          `expected a field or function name after '.' but found ${describeToken(name)}`,
          name.pos,
        );
      }
    }
    return steps.length === 0 ? base : { kind: "postfix", base, steps, pos: base.pos };
  }

  private parsePrimary(): ExpressionNode {
    const token = this.current;
    switch (token.kind) {
      case "int": {
        this.advance();
        const value = Number(token.value);
        if (!Number.isSafeInteger(value))
          throw new ExpressionError(`integer ${token.value} is out of range`, token.pos);
        return { kind: "int", value, pos: token.pos };
      }
      case "double": {
        this.advance();
        const value = Number(token.value);
        if (!Number.isFinite(value)) throw new ExpressionError(`number ${token.value} is out of range`, token.pos);
        return { kind: "double", value, pos: token.pos };
      }
      case "string":
        this.advance();
        return { kind: "string", value: token.value, pos: token.pos };
      case "(": {
        this.advance();
        const inner = this.parseExpression();
        this.expect(")", "')'");
        return inner;
      }
      case "atIdent":
        this.advance();
        return { kind: "field", name: token.value, pos: token.pos };
      case "ident": {
        this.advance();
        if (this.current.kind === "(") {
          return { kind: "call", name: token.value, args: this.parseArguments(), pos: token.pos };
        }
        if (token.value === "node") return { kind: "node", pos: token.pos };
        return { kind: "field", name: token.value, pos: token.pos };
      }
      case "*": {
        // `#{*myPassword}` names an encrypted field or parameter; the `*` belongs to the name.
        this.advance();
        const name = this.current;
        if (name.kind === "ident" && name.pos === token.pos + 1) {
          this.advance();
          return { kind: "field", name: "*" + name.value, pos: token.pos };
        }
        throw new ExpressionError("expected an expression but found '*'", token.pos);
      }
      default:
        throw new ExpressionError(`expected an expression but found ${describeToken(token)}`, token.pos);
    }
  }

  private parseArguments(): ExpressionNode[] {
    this.expect("(", "'('");
    const args: ExpressionNode[] = [];
    if (this.current.kind === ")") {
      this.advance();
      return args;
    }
    for (;;) {
      args.push(this.parseExpression());
      if (this.current.kind === ",") {
        this.advance();
        continue;
      }
      this.expect(")", "',' or ')'");
      return args;
    }
  }
}
