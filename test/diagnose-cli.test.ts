/**
 * `atalaya diagnose` on a SQLite store holding the Panama demo: plain words in Spanish, JSON, and
 * the HTML report written to a file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAtalaya } from './support/cli.ts';

describe('atalaya diagnose', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-diagnose-'));
  const db = join(dir, 'demo.db');

  beforeAll(async () => {
    const demo = await runAtalaya(['demo', '--countries', 'PAN', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the diagnosis in plain words, as JSON, and writes the HTML report', async () => {
    const html = join(dir, 'report.html');
    const text = await runAtalaya([
      'diagnose',
      'PAN',
      '--year',
      '2023',
      '--lang',
      'es',
      '--html',
      html,
      '--db',
      db,
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Panamá (PAN), 2023');
    expect(text.stdout).toContain('las fuentes no coinciden en 2023');
    expect(readFileSync(html, 'utf8')).toContain('<html lang="es">');
    const json = await runAtalaya(['diagnose', 'PAN', '--year', '2023', '--json', '--db', db]);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as {
      orgUnit: string;
      quality: { issue: string }[];
      synthetic: boolean;
    };
    expect(body.orgUnit).toBe('PAN');
    expect(body.synthetic).toBe(true);
    expect(body.quality.map((q) => q.issue)).toContain('sources_disagree');
  }, 120_000);

  it('refuses a bad year', async () => {
    const bad = await runAtalaya(['diagnose', 'PAN', '--year', 'soon', '--db', db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--year');
  }, 60_000);
});
