import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatJavaDouble } from "./format-java-double";

describe("formatJavaDouble", () => {
  it.each([
    [4, "4.0"],
    [0.5, "0.5"],
    [-2.5, "-2.5"],
    [100, "100.0"],
    [123.456, "123.456"],
    [0.001, "0.001"],
    [9999999, "9999999.0"],
    [1234567.5, "1234567.5"],
    [1e7, "1.0E7"],
    [12345678, "1.2345678E7"],
    [1e10, "1.0E10"],
    [1e21, "1.0E21"],
    [1e23, "1.0E23"],
    [1e-4, "1.0E-4"],
    [0.00012, "1.2E-4"],
    [-1e-4, "-1.0E-4"],
    [0.1 + 0.2, "0.30000000000000004"],
    [Number.MAX_VALUE, "1.7976931348623157E308"],
    [Number.MIN_VALUE, "4.9E-324"],
    [0, "0.0"],
    [-0, "-0.0"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ])("prints %s as %s", (value, expected) => {
    expect(formatJavaDouble(value)).toBe(expected);
  });

  it("round-trips every finite double and uses Java's notation for its magnitude", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = formatJavaDouble(x);
        expect(Object.is(Number(text), x)).toBe(true);
        const abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e7) expect(text).toMatch(/^-?\d+\.\d+$/);
        else if (x !== 0) expect(text).toMatch(/^-?\d\.\d+E-?\d+$/);
      }),
      { numRuns: 2000 },
    );
  });
});
