/**
 * Loads the generated demo data into a store: synthetic subnational units, their crosswalk, and
 * the values, published, through the same import path as any file; and the planted programmes in the
 * interventions register. The store remembers that it
 * holds demo data, so the API and the web app can say so wherever the data is shown.
 */
import type { Kysely } from 'kysely';
import { loadImportReferences } from '../data/import-references.store.ts';
import { importRows, type ImportResult } from '../data/value-import.ts';
import { createValueWriter } from '../data/value-writer.store.ts';
import { DEMO_BOUNDARY_FILE, demoBoundaries } from '../demo/demo-boundaries.ts';
import { demoCrosswalk, demoOrgUnits } from '../demo/demo-geography.ts';
import { DEFAULT_DEMO_SEED, type DemoOptions } from '../demo/demo-options.ts';
import { estimateDemoRowCount, generateDemoRows } from '../demo/generate.ts';
import { saveSyntheticBoundaries } from '../geography/boundaries.store.ts';
import { saveCrosswalk, saveOrgUnits } from '../geography/geography.store.ts';
import { demoInterventionInputs } from '../interventions/demo-interventions.ts';
import { validateIntervention } from '../interventions/intervention.ts';
import {
  findIntervention,
  insertInterventionsIn,
  interventionReferences,
} from '../interventions/interventions.store.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { Schema } from '../store/schema.ts';
import { readMeta, writeMeta } from '../store/store-meta.ts';
import type { Store } from '../store/store.ts';

export const SYNTHETIC_NOTICE: LocalizedText = {
  en: 'Synthetic demo data: generated figures for trying Atalaya, not official statistics.',
  es: 'Datos de demostración sintéticos: cifras generadas para probar Atalaya, no estadísticas oficiales.',
  pt: 'Dados de demonstração sintéticos: números gerados para experimentar o Atalaya, não estatísticas oficiais.',
  fr: 'Données de démonstration synthétiques : chiffres générés pour essayer Atalaya, pas des statistiques officielles.',
};

export interface DemoInfo {
  readonly seed: number;
  readonly scale: number;
  readonly loadedAt: string;
  readonly values: number;
  readonly notice: LocalizedText;
}

export async function readDemoInfo(db: Kysely<Schema>): Promise<DemoInfo | undefined> {
  return readMeta<DemoInfo>(db, 'demo');
}

export interface LoadDemoOptions {
  readonly seed?: number;
  readonly scale?: number;
  readonly countries?: readonly string[];
  readonly onStart?: (estimatedRows: number) => void;
  readonly onProgress?: (rows: number) => void;
  /** who loads it, for the audit log (default: `system`) */
  readonly by?: { readonly actor: string; readonly origin: string };
}

/**
 * Loads the demo data unless the store already has it; returns the import, or undefined if skipped.
 * A store whose demo predates the synthetic boundaries gets them (for the units it has).
 */
export async function loadDemo(
  store: Store,
  options: LoadDemoOptions = {},
): Promise<ImportResult | undefined> {
  const demoOptions: DemoOptions = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    ...(options.countries === undefined ? {} : { countries: [...options.countries] }),
  };
  const by = options.by ?? { actor: 'system', origin: 'unknown' };
  const boundaries = () => demoBoundaries(demoOptions);
  const boundaryInfo = { file: DEMO_BOUNDARY_FILE, by: by.actor };
  if ((await readDemoInfo(store.db)) !== undefined) {
    const some = await store.db
      .selectFrom('org_unit_boundary')
      .select('org_unit_id')
      .where('synthetic', '=', 1)
      .executeTakeFirst();
    if (some === undefined) {
      await store.db.transaction().execute((tx) => saveSyntheticBoundaries(tx, boundaries(), boundaryInfo));
    }
    return undefined;
  }
  await store.db.transaction().execute(async (tx) => {
    await saveOrgUnits(tx, demoOrgUnits(demoOptions), { synthetic: true });
    await saveCrosswalk(tx, demoCrosswalk(demoOptions));
    await saveSyntheticBoundaries(tx, boundaries(), boundaryInfo);
    // the planted programmes in the register, flagged synthetic like the units they treat
    const references = await interventionReferences(tx);
    const planted = demoInterventionInputs(demoOptions).map((input) =>
      validateIntervention(input, references),
    );
    const fresh = [];
    for (const draft of planted)
      if ((await findIntervention(tx, draft.code)) === undefined) fresh.push(draft);
    await insertInterventionsIn(tx, store.dialect, fresh, by, { synthetic: true });
  });
  options.onStart?.(estimateDemoRowCount(demoOptions));
  const references = await loadImportReferences(store.db);
  const writer = createValueWriter(store, { audit: { ...by, action: 'demo.load' } });
  const result = await importRows(generateDemoRows(demoOptions), references, writer, {
    kind: 'demo',
    status: 'published',
    note: 'Synthetic demo data generated by `atalaya demo`',
    createdBy: by.actor,
    ...(options.onProgress === undefined ? {} : { onProgress: (rows: number) => options.onProgress?.(rows) }),
  });
  await writeMeta(store.db, 'demo', {
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    scale: options.scale ?? 1,
    loadedAt: new Date().toISOString(),
    values: result.rows,
    notice: SYNTHETIC_NOTICE,
  } satisfies DemoInfo);
  return result;
}
