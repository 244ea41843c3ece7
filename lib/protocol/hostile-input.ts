// Checks every request body goes through before any operation sees it: input Postgres cannot store
// (NUL, unpaired UTF-16 surrogates) is refused up front naming the member, and nesting is bounded
// before anything walks the value recursively. Every walk here is iterative, so no input can
// overflow the stack, and each is linear in the size of the input.

/** Deeper than any shape of the API (a definition is 5 levels) with room to spare. */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of `[`/`{` in a JSON text, counted without parsing (strings skipped), so a
 * hostile 200,000-deep body is refused before JSON.parse or any recursive walk touches it. Returns
 * early once `limit` is passed.
 */
export function jsonNestingExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** Why Postgres (text or jsonb) would refuse this string, or null when it can be stored. */
export function unstorableReason(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return "Member must not contain NUL (U+0000) characters";
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return "Member must not contain unpaired UTF-16 surrogates";
    }
    if (c >= 0xdc00 && c <= 0xdfff) return "Member must not contain unpaired UTF-16 surrogates";
  }
  return null;
}

export interface UnstorableMember {
  /** Dotted path of the member, as validation messages name members (`tags.0.key`). */
  path: string;
  reason: string;
}

/** The first string (value or object key) in `value` that cannot be stored, found without recursion. */
export function findUnstorable(value: unknown): UnstorableMember | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: "" }];
  const join = (base: string, k: string) => (base === "" ? k : `${base}.${k}`);
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string") {
      const reason = unstorableReason(v);
      if (reason) return { path: path || "input", reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(path, String(i)) });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const keyReason = unstorableReason(k);
        // The key itself is what cannot be stored: name it by a readable prefix.
        if (keyReason) return { path: join(path, `<key ${JSON.stringify(k.slice(0, 40))}>`), reason: keyReason };
        stack.push({ v: child, path: join(path, k) });
      }
    }
  }
  return null;
}

/**
 * JSON nulls mean "absent" to both SDKs; dropping them lets optional members validate. Iterative,
 * so depth is not bounded by the stack (callers bound it anyway with jsonNestingExceeds).
 */
export function dropNulls(value: unknown): unknown {
  const copy = (v: unknown): unknown =>
    Array.isArray(v) ? new Array(v.length) : v !== null && typeof v === "object" ? {} : v;
  const root = copy(value);
  const stack: { from: unknown; to: unknown }[] = [{ from: value, to: root }];
  while (stack.length > 0) {
    const { from, to } = stack.pop()!;
    if (Array.isArray(from)) {
      const out = to as unknown[];
      from.forEach((item, i) => {
        const c = copy(item);
        out[i] = c;
        if (c !== item || (item !== null && typeof item === "object")) stack.push({ from: item, to: c });
      });
    } else if (from !== null && typeof from === "object") {
      const out = to as Record<string, unknown>;
      for (const [k, item] of Object.entries(from)) {
        // No member is called __proto__; assigning it would swap the copy's prototype.
        if (item === null || k === "__proto__") continue;
        const c = copy(item);
        out[k] = c;
        if (item !== null && typeof item === "object") stack.push({ from: item, to: c });
      }
    }
  }
  return root;
}
