// Data Pipeline runs on the JVM, so doubles print the way Java's Double.toString prints them:
// always a fraction digit (`4.0`), plain notation for 1e-3 <= |x| < 1e7, otherwise `1.0E10`.
// JS and Java (since JDK 19) both pick the shortest digit string that round-trips.

export function formatJavaDouble(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";

  const sign = x < 0 ? "-" : "";
  const abs = Math.abs(x);
  const { digits, exponent } = decimalDigits(abs);

  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
      const fraction = digits.slice(exponent + 1);
      return `${sign}${integerPart}.${fraction === "" ? "0" : fraction}`;
    }
    return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  }
  const fraction = digits.slice(1);
  return `${sign}${digits.charAt(0)}.${fraction === "" ? "0" : fraction}E${exponent}`;
}

/**
 * Shortest round-tripping significant digits and decimal exponent. Java prints at least two
 * significant digits and, when one would do, the closest two-digit decimal: that is `d.0` except for
 * subnormals such as Double.MIN_VALUE, which Java prints as 4.9E-324 where JS says 5e-324.
 */
function decimalDigits(abs: number): { digits: string; exponent: number } {
  const split = (text: string) => {
    const [mantissa = "0", exponentText = "0"] = text.split("e");
    return { digits: mantissa.replace(".", ""), exponent: Number(exponentText) };
  };
  const shortest = split(abs.toExponential());
  if (shortest.digits.length > 1) return shortest;
  const twoDigits = abs.toExponential(1);
  return Number(twoDigits) === abs ? split(twoDigits.replace(/0e/, "e")) : shortest;
}
