/**
 * Renders an HTML page to PDF with headless Chromium, when it is installed (`CHROMIUM_PATH`, or
 * `/usr/bin/chromium`): the page is written to a temporary file and printed with a fresh profile
 * directory, no network and a 30-second limit; everything temporary is removed afterwards.
 * Without Chromium, or when it fails, `PdfUnavailableError` says why.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const PDF_TIME_LIMIT_MS = 30_000;

export class PdfUnavailableError extends Error {
  readonly code = 'pdf_unavailable';
}

/** The Chromium to use, or undefined when none is installed. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

export async function htmlToPdf(html: string, timeLimitMs = PDF_TIME_LIMIT_MS): Promise<Buffer> {
  const chromium = chromiumPath();
  if (chromium === undefined) {
    throw new PdfUnavailableError(
      'PDF export needs Chromium, which is not installed here: install it (or set CHROMIUM_PATH), or ask for format=html and print it from a browser.',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'atalaya-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    await writeFile(page, html, 'utf8');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      '--no-pdf-header-footer',
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 4000) stderr += chunk.toString();
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new PdfUnavailableError(`Chromium did not print the report within ${timeLimitMs / 1000} s.`));
      }, timeLimitMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new PdfUnavailableError(`Chromium could not be started: ${error.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new PdfUnavailableError(`Chromium failed (exit ${code}): ${stderr.trim().slice(-500)}`));
      });
    });
    if (!existsSync(pdf)) throw new PdfUnavailableError('Chromium printed no PDF.');
    return await readFile(pdf);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
