/**
 * Preferred sources: for an element in an org unit (and the units below it without their own),
 * which source its figures come from when several report. Each choice is kept with its reason,
 * who made it and when, and written to the audit log in the same transaction
 * (`source.prefer`, `source.unprefer`). Analytics reads them (`preferenceMap`).
 */
import type { Kysely } from 'kysely';
import { appendAuditIn } from '../access/audit-log.store.ts';
import { NotFoundError, ValidationError } from '../kernel/errors.ts';
import type { Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

export interface SourcePreference {
  readonly orgUnit: string;
  readonly element: string;
  readonly source: string;
  readonly reason: string;
  readonly setBy: string;
  readonly setAt: string;
}

export interface PreferenceInput {
  readonly orgUnit: string;
  readonly element: string;
  readonly source: string;
  readonly reason: string;
}

export interface SetBy {
  readonly actor: string;
  readonly origin: string;
}

export async function listSourcePreferences(
  db: Kysely<Schema>,
  filter: { readonly orgUnit?: string; readonly element?: string } = {},
): Promise<SourcePreference[]> {
  let query = db
    .selectFrom('source_preference as p')
    .innerJoin('org_unit as u', 'u.id', 'p.org_unit_id')
    .innerJoin('data_element as e', 'e.id', 'p.element_id')
    .innerJoin('source as s', 's.id', 'p.source_id')
    .select([
      'u.code as orgUnit',
      'e.code as element',
      's.code as source',
      'p.reason',
      'p.set_by as setBy',
      'p.set_at as setAt',
    ])
    .orderBy('u.code')
    .orderBy('e.code');
  if (filter.orgUnit !== undefined) query = query.where('u.code', '=', filter.orgUnit);
  if (filter.element !== undefined) query = query.where('e.code', '=', filter.element);
  return query.execute();
}

/** Unit id → element code → source id: what analytics needs. */
export async function preferenceMap(db: Kysely<Schema>): Promise<Map<number, Map<string, number>>> {
  const rows = await db
    .selectFrom('source_preference as p')
    .innerJoin('data_element as e', 'e.id', 'p.element_id')
    .select(['p.org_unit_id', 'e.code', 'p.source_id'])
    .execute();
  const map = new Map<number, Map<string, number>>();
  for (const row of rows) {
    let byElement = map.get(row.org_unit_id);
    if (byElement === undefined) map.set(row.org_unit_id, (byElement = new Map<string, number>()));
    byElement.set(row.code, row.source_id);
  }
  return map;
}

async function ids(db: Kysely<Schema>, input: { orgUnit: string; element: string; source?: string }) {
  const [unit, element, source] = await Promise.all([
    db.selectFrom('org_unit').select('id').where('code', '=', input.orgUnit).executeTakeFirst(),
    db.selectFrom('data_element').select('id').where('code', '=', input.element).executeTakeFirst(),
    input.source === undefined
      ? undefined
      : db.selectFrom('source').select('id').where('code', '=', input.source).executeTakeFirst(),
  ]);
  const issues = [
    unit === undefined ? { field: 'orgUnit', message: `unknown org unit "${input.orgUnit}"` } : undefined,
    element === undefined
      ? { field: 'element', message: `unknown data element "${input.element}"` }
      : undefined,
    input.source !== undefined && source === undefined
      ? { field: 'source', message: `unknown source "${input.source}"` }
      : undefined,
  ].filter((issue) => issue !== undefined);
  if (issues.length > 0) throw new ValidationError('The preferred source names something unknown.', issues);
  return { unitId: unit!.id, elementId: element!.id, sourceId: source?.id };
}

/** Records (or replaces) the preferred source of an element in an org unit. */
export async function setSourcePreference(
  store: Store,
  input: PreferenceInput,
  by: SetBy,
): Promise<SourcePreference> {
  const reason = input.reason.trim();
  if (reason === '')
    throw new ValidationError('reason: say why this source is preferred', [
      { field: 'reason', message: 'required' },
    ]);
  const { unitId, elementId, sourceId } = await ids(store.db, input);
  const at = new Date().toISOString();
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('source_preference')
      .values({
        org_unit_id: unitId,
        element_id: elementId,
        source_id: sourceId!,
        reason,
        set_by: by.actor,
        set_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_unit_id', 'element_id'])
          .doUpdateSet({ source_id: sourceId!, reason, set_by: by.actor, set_at: at }),
      )
      .execute();
    await appendAuditIn(trx, store.dialect, {
      ...by,
      action: 'source.prefer',
      target: `org_unit:${input.orgUnit} element:${input.element}`,
      detail: { source: input.source, reason },
    });
  });
  return {
    orgUnit: input.orgUnit,
    element: input.element,
    source: input.source,
    reason,
    setBy: by.actor,
    setAt: at,
  };
}

/** Removes a preference: the element's figures there come from the most complete source again. */
export async function removeSourcePreference(
  store: Store,
  input: { readonly orgUnit: string; readonly element: string },
  by: SetBy,
): Promise<void> {
  const { unitId, elementId } = await ids(store.db, input);
  await store.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('source_preference')
      .where('org_unit_id', '=', unitId)
      .where('element_id', '=', elementId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) {
      throw new NotFoundError(`No preferred source of ${input.element} is set for ${input.orgUnit}.`);
    }
    await appendAuditIn(trx, store.dialect, {
      ...by,
      action: 'source.unprefer',
      target: `org_unit:${input.orgUnit} element:${input.element}`,
    });
  });
}
