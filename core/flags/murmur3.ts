// MurmurHash3 x86 32-bit, seed 0, over the UTF-8 bytes of a string: the hash flagd's
// `fractional` buckets with (flagd's Go evaluator hashes the UTF-8 bytes, as do its Java,
// Python and .NET providers). Hand-written for two measured reasons: the JavaScript package
// flagd-core uses (imurmurhash) hashes UTF-16 code units, which differs from every other flagd
// for keys outside ASCII; and the evaluation budget (≥ 1,000,000/s, docs/performance.md) leaves
// no room for encoding every key into a fresh byte array: ASCII keys, the usual ids, are hashed
// straight from the string, and only other keys are encoded first.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const ENCODER = new TextEncoder();

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH(h: number, k: number): number {
  h ^= mixK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The unsigned 32-bit MurmurHash3 of the string's UTF-8 encoding. */
export function murmur3(text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return murmur3Bytes(ENCODER.encode(text));
  // ASCII: one byte per character.
  let h = 0;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixH(h, text.charCodeAt(i) | (text.charCodeAt(i + 1) << 8) | (text.charCodeAt(i + 2) << 16) | (text.charCodeAt(i + 3) << 24));
  }
  const tail = n & 3;
  if (tail > 0) {
    let k = text.charCodeAt(blocks);
    if (tail > 1) k |= text.charCodeAt(blocks + 1) << 8;
    if (tail > 2) k |= text.charCodeAt(blocks + 2) << 16;
    h ^= mixK(k);
  }
  return finish(h, n);
}

function murmur3Bytes(bytes: Uint8Array): number {
  const n = bytes.length;
  let h = 0;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) h = mixH(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  const tail = n & 3;
  if (tail > 0) {
    let k = bytes[blocks]!;
    if (tail > 1) k |= bytes[blocks + 1]! << 8;
    if (tail > 2) k |= bytes[blocks + 2]! << 16;
    h ^= mixK(k);
  }
  return finish(h, n);
}
