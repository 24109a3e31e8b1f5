import { userInfo } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import type { Store } from '../store/store.ts';

/** What a feature's CLI commands get from the `atalaya` program. */
export interface CommandContext {
  /** Opens (and prepares) the store named by `--db` / `ATALAYA_DB`; the program closes it. */
  store(): Promise<Store>;
  /** `--db` / `ATALAYA_DB` as given, for commands that must not open the store first (restore) */
  location(): string;
  /** who runs the command, for the audit log: `cli:<os user>` */
  readonly actor: string;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** A progress bar on a terminal; occasional plain lines elsewhere. */
  progress(label: string, total: number): Progress;
}

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function createProgress(
  err: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  total: number,
): Progress {
  if (err.isTTY === true) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
        stream: err,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0);
    return {
      update: (done) => bar.update(Math.min(done, Math.max(total, 1))),
      stop: () => {
        bar.update(Math.max(total, 1));
        bar.stop();
      },
    };
  }
  let lastShown = 0;
  const started = Date.now();
  return {
    update: (done) => {
      if (Date.now() - lastShown < 5000) return;
      lastShown = Date.now();
      const pct = total > 0 ? ` (${Math.round((100 * done) / total)}%)` : '';
      err.write(
        `${label}: ${done.toLocaleString('en')}${total > 0 ? ` of ${total.toLocaleString('en')}` : ''}${pct}\n`,
      );
    },
    stop: () => {
      err.write(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

/** The audit actor of a command-line user: `cli:<os user>` (`cli:unknown` when the OS cannot say). */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:${process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown'}`;
  }
}
