import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../runtime/keyed-mutex.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("KeyedMutex", () => {
  it("runs work on one key one at a time, in call order", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string) => mutex.run("issue-1", async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    });
    expect(await Promise.all([job("a"), job("b"), job("c")])).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("lets different keys overlap", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (key: string) => mutex.run(key, async () => {
      log.push(`${key} start`);
      await tick();
      log.push(`${key} end`);
    });
    await Promise.all([job("x"), job("y")]);
    expect(log.slice(0, 2)).toEqual(["x start", "y start"]);
  });

  it("keeps going after a failed job, and hands the failure only to its caller", async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run("k", async () => {
      throw new Error("boom");
    });
    const next = mutex.run("k", async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    expect(await next).toBe("ran");
  });
});
