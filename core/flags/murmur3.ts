// MurmurHash3 x86 32-bit, seed 0, over the UTF-8 bytes of a string: the hash flagd's
// `fractional` buckets with (flagd's Go evaluator hashes the UTF-8 bytes, as do its Java,
// Python and .NET providers). Hand-written for two measured reasons: the JavaScript package
// flagd-core uses (imurmurhash) hashes UTF-16 code units, which differs from every other flagd
// for keys outside ASCII; and encoding each key into a fresh byte array first would cost most
// of the evaluation budget (docs/performance.md). The bytes are produced as the string is read.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

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

/** The unsigned 32-bit MurmurHash3 of the string's UTF-8 encoding. */
export function murmur3(text: string): number {
  let h = 0;
  let block = 0; // bytes gathered for the current 4-byte block, little-endian
  let filled = 0;
  let length = 0;
  const push = (byte: number) => {
    block |= byte << (filled * 8);
    filled++;
    if (filled === 4) {
      h = mixH(h, block);
      block = 0;
      filled = 0;
    }
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      push(c);
      length += 1;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    // A lone surrogate encodes as U+FFFD, as TextEncoder (and Go's []byte(string)) does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      push(0xc0 | (c >> 6));
      push(0x80 | (c & 0x3f));
      length += 2;
    } else if (c < 0x10000) {
      push(0xe0 | (c >> 12));
      push(0x80 | ((c >> 6) & 0x3f));
      push(0x80 | (c & 0x3f));
      length += 3;
    } else {
      push(0xf0 | (c >> 18));
      push(0x80 | ((c >> 12) & 0x3f));
      push(0x80 | ((c >> 6) & 0x3f));
      push(0x80 | (c & 0x3f));
      length += 4;
    }
  }
  if (filled > 0) h ^= mixK(block);
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
