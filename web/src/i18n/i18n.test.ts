import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages.ts';
import { resources } from './resources.ts';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('translations', () => {
  const english = resources.en as unknown as Record<string, Tree>;

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every English key, no other, none empty, the same placeholders',
    (language) => {
      const other = resources[language] as unknown as Record<string, Tree>;
      expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
      for (const namespace of Object.keys(english)) {
        const want = leaves(english[namespace]!);
        const have = leaves(other[namespace]!);
        expect([...have.keys()].sort(), `${language}:${namespace}`).toEqual([...want.keys()].sort());
        for (const [key, text] of have) {
          expect(text.trim(), `${language}:${namespace}:${key}`).not.toBe('');
          expect(placeholders(text), `${language}:${namespace}:${key}`).toEqual(
            placeholders(want.get(key) ?? ''),
          );
        }
      }
    },
  );

  it('has every key the code asks for with a literal t("…") (a missing one fails here and in tsc)', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(join(import.meta.dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      const namespace = /useTranslation\('(\w+)'\)/.exec(text)?.[1] ?? 'common';
      for (const match of text.matchAll(/\bt\('([\w.]+)'(?:,\s*\{\s*(?:ns:\s*'(\w+)')?)?/g)) {
        const key = match[1] ?? '';
        const ns = match[2] ?? namespace;
        const tree = english[ns];
        const found = tree !== undefined && (leaves(tree).has(key) || leaves(tree).has(`${key}_one`));
        if (!found) missing.push(`${file.slice(file.indexOf('web/'))}: ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
