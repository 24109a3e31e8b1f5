import { BusyError } from '../kernel/errors.ts';

/**
 * A first-in, first-out mutex. Two uses in the store:
 *
 * - **The write queue** (`Store.writes`): SQLite allows one writer at a time and better-sqlite3
 *   waits for a lock synchronously (freezing the event loop); an import that found the lock held
 *   by another import of the same process would time out while the holder could not progress.
 *   Writers of one process therefore wait here, asynchronously and in arrival order, before they
 *   touch the database; only a writer of another process can still make the store answer busy.
 *   On PostgreSQL writes serialise on an advisory lock anyway; queuing them here first keeps
 *   waiting writers from holding pool connections that readers need.
 * - **The SQLite connection's turns** (`sqlite-fifo-dialect.ts`): requests take the one
 *   connection in arrival order.
 *
 * Pure: no I/O, only promises and a timer per waiter that may give up.
 */
export class FifoMutex {
  private held = false;
  private readonly waiters: { grant: () => void }[] = [];

  /** How many wait for the holder. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether someone holds the mutex. */
  get busy(): boolean {
    return this.held;
  }

  /**
   * Runs `work` once everyone queued before it has finished (or failed). A caller that waits
   * longer than `maxWaitMs` leaves the queue with a BusyError and never runs.
   */
  async run<T>(work: () => Promise<T>, options: { maxWaitMs?: number } = {}): Promise<T> {
    const release = await this.acquire(options.maxWaitMs);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Waits for the mutex; resolves with the function that releases it (call it exactly once). */
  acquire(maxWaitMs = Number.POSITIVE_INFINITY): Promise<() => void> {
    let released = false;
    const release = (): void => {
      if (released) throw new Error('FifoMutex: released twice');
      released = true;
      this.release();
    };
    if (!this.held) {
      this.held = true;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter = {
        grant: () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve(release);
        },
      };
      this.waiters.push(waiter);
      if (Number.isFinite(maxWaitMs)) {
        timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(
            new BusyError(
              `The store is busy: ${this.waiters.length + 1} writes were ahead of this one for ${Math.round(maxWaitMs / 1000)} s; try again shortly.`,
            ),
          );
        }, maxWaitMs);
      }
    });
  }

  /** Hands the mutex to the next in line (it stays held), or frees it. */
  private release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.held = false;
    else next.grant();
  }
}
