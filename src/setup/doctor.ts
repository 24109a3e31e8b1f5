import { sql } from 'kysely';
import { SEED_CATALOGUE } from '../catalogue/seed-catalogue.ts';
import { validateCatalogue } from '../catalogue/catalogue-validation.ts';
import { listDataElements, listDimensions, listIndicators } from '../catalogue/catalogue.store.ts';
import { migrationStatus } from '../store/migrations.ts';
import type { Store } from '../store/store.ts';
import { readDemoInfo } from './demo-setup.ts';

export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Checks that `atalaya doctor` runs: each says what it looked at and what it found. */
export async function runDoctor(store: Store): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({
    name: 'node',
    ok: major >= 20,
    detail: `Node ${process.versions.node} (20 or newer needed)`,
  });
  try {
    if (store.dialect === 'sqlite') {
      const version = store.sqlite.prepare('select sqlite_version() as v').get() as { v: string };
      const mode = store.sqlite.pragma('journal_mode', { simple: true }) as string;
      const integrity = store.sqlite.pragma('quick_check', { simple: true }) as string;
      checks.push({
        name: 'store',
        ok: true,
        detail: `SQLite ${version.v} at ${store.location}, journal ${mode}`,
      });
      checks.push({ name: 'integrity', ok: integrity === 'ok', detail: `quick_check: ${integrity}` });
    } else {
      const row = await sql<{ v: string }>`select version() as v`.execute(store.db);
      checks.push({
        name: 'store',
        ok: true,
        detail: `${row.rows[0]?.v.split(',')[0] ?? 'PostgreSQL'} at ${store.location}`,
      });
    }
  } catch (error) {
    checks.push({ name: 'store', ok: false, detail: error instanceof Error ? error.message : String(error) });
    return checks;
  }
  const migrations = await migrationStatus(store);
  const pending = migrations.filter((m) => m.executedAt === undefined);
  checks.push({
    name: 'schema',
    ok: pending.length === 0,
    detail:
      pending.length === 0
        ? `${migrations.length} migrations applied`
        : `pending: ${pending.map((m) => m.name).join(', ')}`,
  });
  const [elements, indicators, dimensions] = await Promise.all([
    listDataElements(store.db),
    listIndicators(store.db),
    listDimensions(store.db),
  ]);
  try {
    validateCatalogue(elements, indicators, dimensions);
    checks.push({
      name: 'catalogue',
      ok: elements.length >= SEED_CATALOGUE.elements.length,
      detail: `${elements.length} data elements, ${indicators.length} indicators, ${dimensions.length} dimensions; formulas valid`,
    });
  } catch (error) {
    checks.push({
      name: 'catalogue',
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const demo = await readDemoInfo(store.db);
  checks.push({
    name: 'demo data',
    ok: true,
    detail:
      demo === undefined
        ? 'none loaded'
        : `${demo.values.toLocaleString('en')} synthetic values (seed ${demo.seed}, scale ${demo.scale})`,
  });
  return checks;
}
