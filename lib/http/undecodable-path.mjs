// Paths Next cannot route under `next start`: a percent-escape that is not UTF-8 (`%ED%A0%80`, a
// UTF-16 surrogate written as UTF-8; `%FF`; a `%` without two hex digits) makes Next's router fail
// while decoding a dynamic route's params, answering 500 before any handler runs; `%00` would reach
// the handlers as a NUL. proxy.ts refuses both for requests without a body, but it must not run for
// requests with one (it would make Next buffer the body). next.config.js therefore rewrites such
// paths, matched on the raw path before Next decodes anything and without reading the body, to
// app/api/bad-address, which answers the 400 that scripts/serve.ts gives under `npm start`.
// Plain JavaScript because next.config.js imports it.

const CONT = "%[89ABab][0-9A-Fa-f]";

/** One character of a path Next can decode: anything but `%`, an ASCII escape other than %00, or a whole UTF-8 sequence. */
const DECODABLE_TOKEN = [
  "[^%]",
  "%(?!00)[0-7][0-9A-Fa-f]",
  `%[Cc][2-9A-Fa-f]${CONT}`,
  `%[Dd][0-9A-Fa-f]${CONT}`,
  `%[Ee]0%[ABab][0-9A-Fa-f]${CONT}`,
  `%[Ee][1-9A-Ca-cEeFf]${CONT}${CONT}`,
  `%[Ee][Dd]%[89][0-9A-Fa-f]${CONT}`,
  `%[Ff]0%[9ABab][0-9A-Fa-f]${CONT}${CONT}`,
  `%[Ff][1-3]${CONT}${CONT}${CONT}`,
  `%[Ff]4%8[0-9A-Fa-f]${CONT}${CONT}`,
].join("|");

/**
 * A path-to-regexp pattern (non-capturing, so Next passes nothing on to the destination) that
 * matches the rest of a path when it cannot be decoded or holds %00. The alternatives never start
 * alike, so matching is linear in the path's length.
 */
export const UNDECODABLE_REST = `(?!(?:${DECODABLE_TOKEN})*$).*`;

/** The same test as a RegExp over a whole path, for the tests. */
export const UNDECODABLE_PATH = new RegExp(`^${UNDECODABLE_REST}`);
