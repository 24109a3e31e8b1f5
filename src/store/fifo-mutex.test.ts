import { describe, expect, it } from 'vitest';
import { BusyError } from '../kernel/errors.ts';
import { FifoMutex } from './fifo-mutex.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('FifoMutex', () => {
  it('runs one writer at a time, in arrival order, however long each takes', async () => {
    const queue = new FifoMutex();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const writer = (name: string, steps: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      for (let i = 0; i < steps; i += 1) await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([
      queue.run(writer('a', 5)),
      queue.run(writer('b', 1)),
      queue.run(writer('c', 3)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(queue.busy).toBe(false);
    expect(queue.waiting).toBe(0);
  });

  it('passes a failure to its own caller only and goes on with the next writer', async () => {
    const queue = new FifoMutex();
    const failing = queue.run(() => Promise.reject(new Error('bad file')));
    const next = queue.run(() => Promise.resolve(42));
    await expect(failing).rejects.toThrow('bad file');
    await expect(next).resolves.toBe(42);
    expect(queue.busy).toBe(false);
  });

  it('serialises hundreds of concurrent writers without losing one', async () => {
    const queue = new FifoMutex();
    let counter = 0;
    await Promise.all(
      Array.from({ length: 500 }, () =>
        queue.run(async () => {
          const seen = counter;
          await tick();
          counter = seen + 1; // a lost update if two writers overlapped
        }),
      ),
    );
    expect(counter).toBe(500);
  });

  it('gives up on a writer that waited too long with BusyError, keeping the others in order', async () => {
    const queue = new FifoMutex();
    let release!: () => void;
    const holder = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    const impatient = queue.run(() => Promise.resolve('never'), { maxWaitMs: 20 });
    const patient = queue.run(() => Promise.resolve('patient'));
    expect(queue.waiting).toBe(2);
    await expect(impatient).rejects.toBeInstanceOf(BusyError);
    expect(queue.waiting).toBe(1);
    release();
    await holder;
    await expect(patient).resolves.toBe('patient');
    expect(queue.busy).toBe(false);
  });
});
