import type { Kysely, Transaction } from 'kysely';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { Schema } from '../store/schema.ts';
import type { Source } from './sources.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export async function saveSources(db: Db, sources: readonly Source[]): Promise<void> {
  for (const s of sources) {
    const name = JSON.stringify(s.name);
    await db
      .insertInto('source')
      .values({ code: s.code, name })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name }))
      .execute();
  }
}

export async function listSources(db: Db): Promise<(Source & { id: number })[]> {
  const rows = await db.selectFrom('source').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: JSON.parse(r.name) as LocalizedText }));
}
