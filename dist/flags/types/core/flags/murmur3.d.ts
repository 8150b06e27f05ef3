/** The unsigned 32-bit MurmurHash3 of the string's UTF-8 encoding. */
export declare function murmur3(text: string): number;
