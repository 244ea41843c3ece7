// Bounds that keep the evaluation of a hostile template small in time and memory. Every loop and
// recursion in this module is capped by one of these, so an error comes back instead of a hang,
// an out-of-memory or a stack overflow.

/** Parentheses, function arguments, unary minus and `^` chains nest at most this deep. */
export const MAX_NESTING_DEPTH = 100;

/** Tokens inside `#{…}` slots of one template (text outside slots costs nothing). */
export const MAX_EXPRESSION_TOKENS = 200_000;

/** A field whose value is a template may read a field whose value is a template… this many levels. */
export const MAX_FIELD_DEPTH = 32;

/**
 * Nested expression evaluations in all, across templates reached through fields: one template
 * needs at most about 2 × MAX_NESTING_DEPTH; this keeps the whole chain far from the JS stack limit.
 */
export const MAX_EVALUATION_DEPTH = 500;

/** Elements of one list value (multi-valued fields, parameters, element-wise results). */
export const MAX_LIST_LENGTH = 10_000;

/** Length of one string value: the API's longString cap, which bounds `evaluatedExpression`. */
export const MAX_STRING_LENGTH = 20_971_520;

/** Characters produced in all by one evaluation (concatenations, formats, spliced templates). */
export const MAX_PRODUCED_CHARS = 64 * 1024 * 1024;

/** Expression nodes, field reads and list elements processed by one evaluation. */
export const MAX_EVALUATION_STEPS = 1_000_000;

/**
 * Wall-clock time one evaluation may take, in milliseconds, unless the caller sets its own
 * (EvaluationContext.timeLimitMs; the server's EXPRESSION_TIME_LIMIT_MS): evaluation runs on the
 * event loop, so this bounds how long it can keep every other call waiting.
 */
export const DEFAULT_EVALUATION_TIME_MS = 250;

/** Steps between two looks at the clock (reading it costs more than a step). */
export const STEPS_PER_CLOCK_CHECK = 256;
