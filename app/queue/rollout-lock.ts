// Work on one rollout runs on one replica at a time: a Redis key per rollout, set only when free
// and with an expiry, renewed while the work runs. A replica that dies stops renewing, and the key
// expires, so nobody waits on a dead holder for longer than the expiry. Only the holder (its token)
// can renew or free it.
//
// Hand-written on ioredis: BullMQ's own per-group concurrency is a paid extension, and this is the
// documented single-instance Redis lock pattern in three commands.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const FREE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

interface HeldLock {
  release(): Promise<void>;
}

export class RolloutLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** The lock, or null when another holder has it. */
  async acquire(key: string): Promise<HeldLock | null> {
    const name = `${this.prefix}:lock:${key}`;
    const token = randomUUID();
    const set = await this.redis.set(name, token, "PX", this.ttlMs, "NX");
    if (set !== "OK") return null;
    const renew = setInterval(() => {
      this.redis.eval(RENEW, 1, name, token, String(this.ttlMs)).catch(() => {
        // Redis away for a moment: the next renewal tries again; past the expiry the lock is lost,
        // and the handlers' own conflict handling (the file sha) keeps a second writer safe.
      });
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(FREE, 1, name, token).catch(() => undefined);
      },
    };
  }
}
