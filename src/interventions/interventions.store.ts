/**
 * The interventions register in the store: list, read, and the writes (register, change, remove),
 * each validated against the stored org units and catalogue, refused outside the writer's scope,
 * and audited in the same transaction (`intervention.create|update|delete`).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { appendAuditIn } from '../access/audit-log.store.ts';
import { chainOf, describeScope, EVERYWHERE, type Scope } from '../access/access-scope.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../kernel/errors.ts';
import type { InterventionTable, Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import {
  mayWriteIn,
  patchedInput,
  validateIntervention,
  type Intervention,
  type InterventionDraft,
  type InterventionInput,
  type InterventionPatch,
  type InterventionReferences,
  type InterventionType,
  type TreatedUnit,
} from './intervention.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Who writes, for the rows and the audit log. */
export interface WrittenBy {
  readonly actor: string;
  readonly origin: string;
}

export interface InterventionFilter {
  readonly country?: string;
  readonly type?: string;
}

function fromRow(r: Selectable<InterventionTable>): Intervention {
  return {
    code: r.code,
    name: r.name,
    description: r.description,
    type: r.type as InterventionType,
    country: r.country,
    start: r.start_month,
    end: r.end_month,
    indicators: JSON.parse(r.indicators) as string[],
    units: JSON.parse(r.units) as TreatedUnit[],
    donors: JSON.parse(r.donors) as string[],
    synthetic: Number(r.synthetic) === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function draftColumns(d: InterventionDraft) {
  return {
    name: d.name,
    description: d.description,
    type: d.type,
    country: d.country,
    start_month: d.start,
    end_month: d.end,
    indicators: JSON.stringify(d.indicators),
    units: JSON.stringify(d.units),
    donors: JSON.stringify(d.donors),
  };
}

export async function listInterventions(db: Db, filter: InterventionFilter = {}): Promise<Intervention[]> {
  let query = db.selectFrom('intervention').selectAll();
  if (filter.country !== undefined) query = query.where('country', '=', filter.country);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  return (await query.orderBy('code').execute()).map(fromRow);
}

export async function findIntervention(db: Db, code: string): Promise<Intervention | undefined> {
  const row = await db.selectFrom('intervention').selectAll().where('code', '=', code).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function getIntervention(db: Db, code: string): Promise<Intervention> {
  const found = await findIntervention(db, code);
  if (found === undefined) throw new NotFoundError(`No intervention with code "${code}"`);
  return found;
}

/** The stored org units and indicators, as validation wants them. */
export async function interventionReferences(db: Db): Promise<InterventionReferences> {
  const [units, indicators] = await Promise.all([
    db
      .selectFrom('org_unit as u')
      .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
      .select(['u.code as code', 'u.level as level', 'p.code as parent'])
      .execute(),
    db.selectFrom('indicator').select('code').execute(),
  ]);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const codes = new Set(indicators.map((i) => i.code));
  return {
    chainOf: (code) => (byCode.has(code) ? chainOf(code, (c) => byCode.get(c)?.parent) : []),
    levelOf: (code) => byCode.get(code)?.level,
    indicatorExists: (code) => codes.has(code),
  };
}

function checkScope(scope: Scope, references: InterventionReferences, country: string, verb: string): void {
  if (!mayWriteIn(scope, references.chainOf(country))) {
    throw new ForbiddenError(
      `You may not ${verb} interventions of ${country}: your scope for the register is ${describeScope(scope)}.`,
    );
  }
}

/** Inserts validated interventions inside the caller's transaction, one audit entry each. */
export async function insertInterventionsIn(
  trx: Transaction<Schema>,
  dialect: Store['dialect'],
  drafts: readonly InterventionDraft[],
  by: WrittenBy,
  options: { readonly synthetic?: boolean } = {},
): Promise<void> {
  const now = new Date().toISOString();
  for (const draft of drafts) {
    const existing = await trx
      .selectFrom('intervention')
      .select('id')
      .where('code', '=', draft.code)
      .executeTakeFirst();
    if (existing !== undefined)
      throw new ConflictError(`An intervention "${draft.code}" is registered already.`);
    await trx
      .insertInto('intervention')
      .values({
        code: draft.code,
        ...draftColumns(draft),
        synthetic: options.synthetic === true ? 1 : 0,
        created_at: now,
        created_by: by.actor,
        updated_at: now,
        updated_by: by.actor,
      })
      .execute();
    await appendAuditIn(trx, dialect, {
      ...by,
      action: 'intervention.create',
      target: `intervention:${draft.code}`,
      detail: { country: draft.country, type: draft.type, units: draft.units.length },
    });
  }
}

/** Registers an intervention; `scope` is where the writer may act (default: everywhere, the CLI). */
export async function createIntervention(
  store: Store,
  input: InterventionInput,
  by: WrittenBy,
  scope: Scope = EVERYWHERE,
): Promise<Intervention> {
  const references = await interventionReferences(store.db);
  const draft = validateIntervention(input, references);
  checkScope(scope, references, draft.country, 'register');
  await store.db.transaction().execute((trx) => insertInterventionsIn(trx, store.dialect, [draft], by));
  return getIntervention(store.db, draft.code);
}

/** Changes a registered intervention (the whole result is validated again). */
export async function updateIntervention(
  store: Store,
  code: string,
  patch: InterventionPatch,
  by: WrittenBy,
  scope: Scope = EVERYWHERE,
): Promise<Intervention> {
  const references = await interventionReferences(store.db);
  return store.db.transaction().execute(async (trx) => {
    const current = await getIntervention(trx, code);
    checkScope(scope, references, current.country, 'change');
    const draft = validateIntervention(patchedInput(current, patch), references);
    if (draft.country !== current.country) checkScope(scope, references, draft.country, 'move');
    const now = new Date().toISOString();
    await trx
      .updateTable('intervention')
      .set({ ...draftColumns(draft), updated_at: now, updated_by: by.actor })
      .where('code', '=', code)
      .execute();
    const changed = Object.keys(patch).filter((key) => (patch as Record<string, unknown>)[key] !== undefined);
    await appendAuditIn(trx, store.dialect, {
      ...by,
      action: 'intervention.update',
      target: `intervention:${code}`,
      detail: { changed },
    });
    return getIntervention(trx, code);
  });
}

/** Removes a registered intervention. */
export async function deleteIntervention(
  store: Store,
  code: string,
  by: WrittenBy,
  scope: Scope = EVERYWHERE,
): Promise<void> {
  const references = await interventionReferences(store.db);
  await store.db.transaction().execute(async (trx) => {
    const current = await getIntervention(trx, code);
    checkScope(scope, references, current.country, 'remove');
    await trx.deleteFrom('intervention').where('code', '=', code).execute();
    await appendAuditIn(trx, store.dialect, {
      ...by,
      action: 'intervention.delete',
      target: `intervention:${code}`,
      detail: { country: current.country, name: current.name },
    });
  });
}
