import { describe, expect, it } from 'vitest';
import { isLocked, lockAfterFailure, MAX_FAILED_LOGINS, SlidingWindowLimiter } from './login-throttle.ts';

describe('sign-in throttles', () => {
  it('locks an account at the fifth failure in a row, for 15 minutes', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');
    let state = { failures: 0, lockedUntil: null as string | null };
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      state = lockAfterFailure(state.failures, now);
      expect(state).toEqual({ failures: i, lockedUntil: null });
    }
    state = lockAfterFailure(state.failures, now);
    expect(state).toEqual({ failures: 0, lockedUntil: '2026-01-01T00:15:00.000Z' });
    expect(isLocked(state.lockedUntil, new Date('2026-01-01T00:14:59.000Z'))).toBe(true);
    expect(isLocked(state.lockedUntil, new Date('2026-01-01T00:15:00.000Z'))).toBe(false);
    expect(isLocked(null, now)).toBe(false);
  });

  it('allows N attempts per window and key, then says how long to wait; the window slides', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.attempt('a').allowed).toBe(true);
    now = 10_000;
    expect(limiter.attempt('a')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(limiter.attempt('b').allowed).toBe(true);
    now = 60_001;
    expect(limiter.attempt('a').allowed).toBe(true);
  });

  it('forgets the least recently seen keys beyond its bound', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 }, () => 0);
    expect(limiter.attempt('a').allowed).toBe(true);
    expect(limiter.attempt('b').allowed).toBe(true);
    expect(limiter.attempt('c').allowed).toBe(true);
    // 'a' was forgotten, so it may try again; 'c' was not.
    expect(limiter.attempt('a').allowed).toBe(true);
    expect(limiter.attempt('c').allowed).toBe(false);
  });
});
