import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { murmur3 } from "../../../core/flags/murmur3.js";

// Reference: MurmurHash3_x86_32 over bytes, written plainly from the algorithm's definition.
function reference(bytes: Uint8Array): number {
  let h = 0;
  const n = bytes.length;
  const mix = (k: number) => Math.imul(((Math.imul(k, 0xcc9e2d51) << 15) | (Math.imul(k, 0xcc9e2d51) >>> 17)), 0x1b873593);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const k = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    h ^= mix(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  for (let j = n - 1; j >= i; j--) k = (k << 8) | bytes[j]!;
  if (n - i > 0) h ^= mix(k);
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

describe("murmur3", () => {
  it("gives the published MurmurHash3 x86_32 values (seed 0)", () => {
    expect(murmur3("")).toBe(0);
    expect(murmur3("hello")).toBe(0x248bfa47);
    expect(murmur3("Hello, world!")).toBe(0xc0363e43);
    expect(murmur3("The quick brown fox jumps over the lazy dog")).toBe(0x2e4ff723);
  });

  it("hashes the UTF-8 bytes of any string, lone surrogates as U+FFFD like TextEncoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        expect(murmur3(text)).toBe(reference(new TextEncoder().encode(text)));
      }),
      { numRuns: 3000 },
    );
    expect(murmur3("\ud800x")).toBe(reference(new TextEncoder().encode("\ud800x")));
    expect(murmur3("x\udc00")).toBe(reference(new TextEncoder().encode("x\udc00")));
  });

});
