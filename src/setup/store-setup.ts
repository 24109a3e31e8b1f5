/**
 * Makes a store ready to use: the newest schema, then the reference data every observatory shares
 * (the OAS geography, the seed catalogue, the sources). Safe to run at every start: it only adds
 * or updates by code.
 */
import { appendAudit, appendAuditIn } from '../access/audit-log.store.ts';
import { saveCatalogue } from '../catalogue/catalogue.store.ts';
import { SEED_CATALOGUE } from '../catalogue/seed-catalogue.ts';
import { SEED_SOURCES } from '../data/sources.ts';
import { saveSources } from '../data/sources.store.ts';
import { saveGroups, saveOrgUnits } from '../geography/geography.store.ts';
import { INTEGRATION_GROUPS } from '../geography/groups.ts';
import { validateGroups, validateHierarchy } from '../geography/hierarchy.ts';
import { OAS_ORG_UNITS } from '../geography/member-states.ts';
import { migrateToLatest } from '../store/migrations.ts';
import { readMeta, writeMeta } from '../store/store-meta.ts';
import type { Store } from '../store/store.ts';

/** Bumped whenever the seed reference data changes, so stores re-seed once. */
export const SEED_VERSION = 1;

export interface PrepareResult {
  readonly migrations: string[];
  readonly seeded: boolean;
}

/** Who prepares the store, for the audit log (default: `system`, origin `unknown`). */
export interface AuditContext {
  readonly actor: string;
  readonly origin: string;
}

export const SYSTEM: AuditContext = { actor: 'system', origin: 'unknown' };

export async function prepareStore(store: Store, by: AuditContext = SYSTEM): Promise<PrepareResult> {
  const migrations = await migrateToLatest(store);
  if (migrations.length > 0) {
    await appendAudit(store, {
      ...by,
      action: 'store.migrate',
      target: 'schema',
      detail: { migrations },
    });
  }
  const seeded = await readMeta<number>(store.db, 'seed_version');
  if (seeded === SEED_VERSION) return { migrations, seeded: false };
  validateHierarchy(OAS_ORG_UNITS);
  validateGroups(INTEGRATION_GROUPS, OAS_ORG_UNITS);
  await store.db.transaction().execute(async (tx) => {
    await saveOrgUnits(tx, OAS_ORG_UNITS);
    await saveGroups(tx, INTEGRATION_GROUPS);
    await saveCatalogue(tx, SEED_CATALOGUE);
    await saveSources(tx, SEED_SOURCES);
    await writeMeta(tx, 'seed_version', SEED_VERSION);
    await appendAuditIn(tx, store.dialect, {
      ...by,
      action: 'store.seed',
      target: 'reference data',
      detail: { seedVersion: SEED_VERSION, previous: seeded ?? null },
    });
  });
  return { migrations, seeded: true };
}
