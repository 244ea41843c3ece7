import { describe, expect, it } from "vitest";
import { applyParameterValues } from "./apply-parameters";

const obj = (fields: { key: string; stringValue?: string; refValue?: string }[]) => ({ id: "S", name: "S", fields });

describe("applyParameterValues", () => {
  const params = new Map([
    ["myPeriod", ["1 hour"]],
    ["myStart", ["2029-01-01T00:00:00"]],
    ["myList", ["a", "b"]],
  ]);

  it("substitutes exact parameter references in string fields", () => {
    const [out] = applyParameterValues(
      [
        obj([
          { key: "period", stringValue: "#{myPeriod}" },
          { key: "startDateTime", stringValue: "#{myStart}" },
        ]),
      ],
      params,
    );
    expect(out?.fields).toEqual([
      { key: "period", stringValue: "1 hour" },
      { key: "startDateTime", stringValue: "2029-01-01T00:00:00" },
    ]);
  });

  it("leaves references, expressions, unknown parameters and shadowed names alone", () => {
    const input = obj([
      { key: "schedule", refValue: "Hourly" },
      { key: "command", stringValue: "echo #{format(@scheduledStartTime, 'YYYY')}" },
      { key: "workerGroup", stringValue: "#{myMissing}" },
    ]);
    expect(applyParameterValues([input], params)[0]).toEqual(input);
    const shadowed = obj([
      { key: "myPeriod", stringValue: "2 hours" },
      { key: "period", stringValue: "#{myPeriod}" },
    ]);
    expect(applyParameterValues([shadowed], params)[0]).toEqual(shadowed);
  });

  it("takes the first value of a list parameter and keeps the rest of the text", () => {
    const [out] = applyParameterValues([obj([{ key: "workerGroup", stringValue: "wg-#{myList}" }])], params);
    expect(out?.fields).toEqual([{ key: "workerGroup", stringValue: "wg-a" }]);
  });
});
