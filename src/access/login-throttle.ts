/**
 * Limits on signing in. Per account: after `MAX_FAILED_LOGINS` wrong passwords in a row the
 * account is locked for `LOCK_MINUTES` (kept in the store, so every server process sees it). Per
 * client address: a sliding window in memory (`SlidingWindowLimiter`), which answers 429 with the
 * seconds to wait.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** After one more failure with `failures` before it: lock until when (or not at all). */
export function lockAfterFailure(
  failures: number,
  now: Date,
): { failures: number; lockedUntil: string | null } {
  const next = failures + 1;
  if (next < MAX_FAILED_LOGINS) return { failures: next, lockedUntil: null };
  return { failures: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() };
}

export function isLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now.toISOString();
}

export interface LimiterOptions {
  /** attempts allowed in a window */
  readonly limit: number;
  readonly windowMs: number;
  /** keys remembered at most (the oldest are forgotten first), so memory stays bounded */
  readonly maxKeys?: number;
}

/** Counts attempts per key in a sliding window. */
export class SlidingWindowLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt; answers whether it is allowed, and when not, the seconds until it would be. */
  attempt(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const since = now - this.options.windowMs;
    const times = (this.attempts.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.options.limit) {
      this.attempts.set(key, times);
      const oldest = times[0] ?? now;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.options.windowMs - now) / 1000)),
      };
    }
    times.push(now);
    // Re-inserting moves the key to the end: the map's first key is the least recently seen.
    this.attempts.delete(key);
    this.attempts.set(key, times);
    const max = this.options.maxKeys ?? 10_000;
    while (this.attempts.size > max) {
      const first = this.attempts.keys().next();
      if (first.done === true) break;
      this.attempts.delete(first.value);
    }
    return { allowed: true };
  }
}
