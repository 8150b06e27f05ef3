import { describe, expect, it } from "vitest";
import { observationFromBody } from "../../metrics/prometheus-response.js";

const success = (resultType: string, result: unknown) => ({ status: "success", data: { resultType, result } });
/** The value a scalar answer carries, or undefined when the answer is refused. */
const valueOf = (raw: unknown) => {
  const observation = observationFromBody(success("scalar", [1795222800, raw]), "instant");
  return observation.error === null ? observation.samples[0]?.value : undefined;
};

describe("sample values as Prometheus writes them", () => {
  it("reads numbers, NaN as no value, and infinities as infinities", () => {
    expect(valueOf("0.0005")).toBe(0.0005);
    expect(valueOf("1e-3")).toBe(0.001);
    expect(valueOf("NaN")).toBeNull();
    expect(valueOf("+Inf")).toBe(Infinity);
    expect(valueOf("-Inf")).toBe(-Infinity);
  });

  it("refuses what is not a number", () => {
    expect(valueOf("fast")).toBeUndefined();
    expect(valueOf("")).toBeUndefined();
    expect(valueOf({})).toBeUndefined();
  });
});

describe("instant query answers", () => {
  it("takes the one series of a vector, with its time in milliseconds", () => {
    const body = success("vector", [{ metric: { __name__: "save_error_ratio" }, value: [1795222800.123, "0.0005"] }]);
    expect(observationFromBody(body, "instant")).toEqual({ samples: [{ at: 1795222800123, value: 0.0005 }], error: null });
  });

  it("reads an empty vector as no data, not as an error", () => {
    expect(observationFromBody(success("vector", []), "instant")).toEqual({ samples: [], error: null });
  });

  it("reads a scalar", () => {
    expect(observationFromBody(success("scalar", [1795222800, "2"]), "instant")).toEqual({ samples: [{ at: 1795222800000, value: 2 }], error: null });
  });

  it("refuses several series and says how to fix the query", () => {
    const body = success("vector", [
      { metric: { region: "eu" }, value: [1, "0.1"] },
      { metric: { region: "us" }, value: [1, "0.2"] },
      { metric: { region: "ap" }, value: [1, "0.3"] },
      { metric: { region: "sa" }, value: [1, "0.4"] },
    ]);
    const observation = observationFromBody(body, "instant");
    expect(observation.samples).toEqual([]);
    expect(observation.error).toBe(
      'the query must return one series but returned 4: {region="eu"}, {region="us"}, {region="ap"} and 1 more; aggregate it, e.g. sum(...) or max(...)',
    );
  });

  it("refuses a range vector at an instant", () => {
    const body = success("matrix", [{ metric: {}, values: [[1, "1"]] }]);
    expect(observationFromBody(body, "instant").error).toMatch(/range vector .* instant expression/);
  });

  it("refuses strings and unknown result types", () => {
    expect(observationFromBody(success("string", [1, "x"]), "instant").error).toMatch(/string; a gate needs a number/);
    expect(observationFromBody(success("histogram", []), "instant").error).toMatch(/unknown result type "histogram"/);
  });

  it("refuses unreadable samples instead of guessing", () => {
    expect(observationFromBody(success("vector", [{ metric: {}, value: [1, "fast"] }]), "instant").error).toMatch(/unreadable value "fast"/);
    expect(observationFromBody(success("scalar", "2"), "instant").error).toMatch(/not a \[time, value\] pair/);
    expect(observationFromBody(success("vector", [{ metric: {}, value: ["soon", "1"] }]), "instant").error).toMatch(/unreadable time "soon"/);
  });
});

describe("range query answers", () => {
  it("takes the samples of the one series, oldest first", () => {
    const body = success("matrix", [{ metric: {}, values: [[120, "0.07"], [60, "NaN"], [180, "+Inf"]] }]);
    expect(observationFromBody(body, "range")).toEqual({
      samples: [
        { at: 60_000, value: null },
        { at: 120_000, value: 0.07 },
        { at: 180_000, value: Infinity },
      ],
      error: null,
    });
  });

  it("reads an empty matrix as no data", () => {
    expect(observationFromBody(success("matrix", []), "range")).toEqual({ samples: [], error: null });
  });

  it("refuses several series", () => {
    const body = success("matrix", [{ metric: { a: "1" }, values: [] }, { metric: { a: "2" }, values: [] }]);
    expect(observationFromBody(body, "range").error).toMatch(/must return one series but returned 2/);
  });
});

describe("answers that are not results", () => {
  it("passes on Prometheus' own error", () => {
    const body = { status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis' };
    expect(observationFromBody(body, "instant")).toEqual({
      samples: [],
      error: 'Prometheus reported an error: bad_data: invalid parameter "query": 1:5: parse error: unclosed left parenthesis',
    });
  });

  it("says when the body is not a Prometheus answer at all", () => {
    expect(observationFromBody("<html>", "instant").error).toBe("the answer is not a Prometheus API response");
    expect(observationFromBody({ status: "success" }, "range").error).toBe("the answer is not a Prometheus API response");
    expect(observationFromBody(null, "range").error).toBe("the answer is not a Prometheus API response");
  });
});

describe("answers from servers that differ from Prometheus in small ways", () => {
  it("reads sample values and times written as JSON numbers and strings alike", () => {
    expect(valueOf(0.002)).toBe(0.002);
    expect(valueOf(Number.NaN)).toBeNull();
    const body = success("vector", [{ metric: {}, value: ["1795222800.5", 0.25] }]);
    expect(observationFromBody(body, "instant")).toEqual({ samples: [{ at: 1795222800500, value: 0.25 }], error: null });
  });

  it("names series without labels as {} when there are several", () => {
    const body = success("vector", [{ value: [1, "1"] }, { value: [1, "2"] }]);
    expect(observationFromBody(body, "instant").error).toMatch(/returned 2: \{\}, \{\}; aggregate it/);
  });

  it("refuses a vector for a range query, a series without values and unreadable samples in a range", () => {
    expect(observationFromBody(success("vector", []), "range").error).toBe("the range query answered with a vector; the server does not look like a Prometheus API");
    expect(observationFromBody(success("matrix", [{ metric: {} }]), "range").error).toBe("unreadable answer: a series has no values");
    expect(observationFromBody(success("matrix", [{ metric: {}, values: [[60, "0.1"], [120, "slow"]] }]), "range").error).toBe('unreadable answer: a sample has an unreadable value "slow"');
  });

  it("refuses a vector or a matrix that is not a list", () => {
    expect(observationFromBody(success("vector", { value: [1, "1"] }), "instant").error).toBe("unreadable answer: the vector is not a list");
    expect(observationFromBody(success("matrix", { values: [] }), "range").error).toBe("unreadable answer: the matrix is not a list");
  });

  it("passes on an error that comes without a type or a message", () => {
    expect(observationFromBody({ status: "error" }, "instant").error).toBe("Prometheus reported an error: (no message)");
    expect(observationFromBody({ status: "error", error: "query timed out" }, "range").error).toBe("Prometheus reported an error: query timed out");
  });
});
