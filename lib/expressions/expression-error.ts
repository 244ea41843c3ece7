// The only error this module throws: the API maps it to InvalidRequestException, the scheduler to a
// failed attempt, so callers never have to tell our errors from bugs by sniffing messages.

/** Where an error first arose when that was inside a field's own template, not the one passed in. */
export interface ExpressionOrigin {
  objectId: string;
  key: string;
  /** 0-based offset in that field's value. */
  position: number;
}

export interface ExpressionErrorOptions {
  origin?: ExpressionOrigin;
  fieldKey?: string;
}

export class ExpressionError extends Error {
  /** 0-based offset in the template that was evaluated (for evaluateObjectFields: in the value of `fieldKey`). */
  readonly position: number;
  readonly origin: ExpressionOrigin | undefined;
  /** Set by evaluateObjectFields: the key of the field whose evaluation failed. */
  readonly fieldKey: string | undefined;

  constructor(message: string, position: number, options: ExpressionErrorOptions = {}) {
    super(message);
    this.name = "ExpressionError";
    this.position = position;
    this.origin = options.origin;
    this.fieldKey = options.fieldKey;
  }
}
