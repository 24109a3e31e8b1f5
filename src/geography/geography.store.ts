import type { Kysely, Transaction } from 'kysely';
import { NotFoundError, ValidationError } from '../kernel/errors.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { Schema } from '../store/schema.ts';
import {
  levelDepth,
  ORG_UNIT_LEVELS,
  type CrosswalkEntry,
  type OrgUnit,
  type OrgUnitGroup,
  type OrgUnitLevel,
} from './org-unit.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** An org unit as stored: the model plus its store id and whether the demo made it. */
export interface StoredOrgUnit extends OrgUnit {
  readonly id: number;
  readonly synthetic: boolean;
}

const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** code → id for every stored unit. */
export async function orgUnitIds(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('org_unit').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Inserts or updates units by code, parents before children. A unit whose parent is neither
 * stored nor in `units` is refused.
 */
export async function saveOrgUnits(
  db: Db,
  units: readonly OrgUnit[],
  options: { synthetic?: boolean } = {},
): Promise<void> {
  const byDepth = [...units].sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
  const ids = await orgUnitIds(db);
  for (const depth of ORG_UNIT_LEVELS.map((_, i) => i)) {
    const level = byDepth.filter((u) => levelDepth(u.level) === depth);
    if (level.length === 0) continue;
    for (const part of chunks(level)) {
      const rows = part.map((unit) => {
        const parentId = unit.parentCode === null ? null : ids.get(unit.parentCode);
        if (parentId === undefined) {
          throw new ValidationError(`Org unit ${unit.code}: unknown parent "${unit.parentCode ?? ''}"`);
        }
        return {
          code: unit.code,
          parent_id: parentId,
          level: unit.level,
          depth,
          name: JSON.stringify(unit.name),
          valid_from: unit.validFrom,
          valid_to: unit.validTo,
          external_codes: JSON.stringify(unit.externalCodes ?? {}),
          synthetic: options.synthetic === true ? 1 : 0,
        };
      });
      await db
        .insertInto('org_unit')
        .values(rows)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            parent_id: eb.ref('excluded.parent_id'),
            level: eb.ref('excluded.level'),
            depth: eb.ref('excluded.depth'),
            name: eb.ref('excluded.name'),
            valid_from: eb.ref('excluded.valid_from'),
            valid_to: eb.ref('excluded.valid_to'),
            external_codes: eb.ref('excluded.external_codes'),
            synthetic: eb.ref('excluded.synthetic'),
          })),
        )
        .execute();
    }
    for (const [code, id] of await orgUnitIds(db)) ids.set(code, id);
  }
}

/** Replaces the groups named in `groups` (members included). */
export async function saveGroups(db: Db, groups: readonly OrgUnitGroup[]): Promise<void> {
  const ids = await orgUnitIds(db);
  for (const group of groups) {
    const saved = await db
      .insertInto('org_unit_group')
      .values({ code: group.code, kind: group.kind, name: JSON.stringify(group.name) })
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name') })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('org_unit_group_member').where('group_id', '=', saved.id).execute();
    const members = group.members.map((m) => {
      const unitId = ids.get(m.unitCode);
      if (unitId === undefined)
        throw new ValidationError(`Group ${group.code}: unknown member "${m.unitCode}"`);
      return {
        group_id: saved.id,
        org_unit_id: unitId,
        valid_from: m.validFrom,
        valid_to: m.validTo,
      };
    });
    for (const part of chunks(members)) await db.insertInto('org_unit_group_member').values(part).execute();
  }
}

/** Adds crosswalk entries (a split or merger), skipping ones already stored. */
export async function saveCrosswalk(db: Db, entries: readonly CrosswalkEntry[]): Promise<void> {
  const ids = await orgUnitIds(db);
  for (const entry of entries) {
    const from = ids.get(entry.fromCode);
    const to = ids.get(entry.toCode);
    if (from === undefined || to === undefined) {
      throw new ValidationError(`Crosswalk ${entry.fromCode} → ${entry.toCode}: unknown unit`);
    }
    const existing = await db
      .selectFrom('org_unit_crosswalk')
      .select('id')
      .where('from_unit_id', '=', from)
      .where('to_unit_id', '=', to)
      .where('date', '=', entry.date)
      .executeTakeFirst();
    if (existing !== undefined) continue;
    await db
      .insertInto('org_unit_crosswalk')
      .values({
        from_unit_id: from,
        to_unit_id: to,
        date: entry.date,
        share: entry.share,
        event: entry.event,
      })
      .execute();
  }
}

interface OrgUnitRow {
  id: number;
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  valid_from: string | null;
  valid_to: string | null;
  external_codes: string;
  synthetic: number;
}

function toOrgUnit(row: OrgUnitRow): StoredOrgUnit {
  return {
    id: row.id,
    code: row.code,
    parentCode: row.parent_code,
    level: row.level as OrgUnitLevel,
    name: JSON.parse(row.name) as LocalizedText,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    externalCodes: JSON.parse(row.external_codes) as Record<string, string>,
    synthetic: row.synthetic === 1,
  };
}

function unitQuery(db: Db) {
  return db
    .selectFrom('org_unit as u')
    .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'p.code as parent_code',
      'u.level',
      'u.name',
      'u.valid_from',
      'u.valid_to',
      'u.external_codes',
      'u.synthetic',
    ]);
}

export interface OrgUnitFilter {
  readonly level?: OrgUnitLevel;
  readonly parent?: string;
  /** only units valid at this ISO date */
  readonly at?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export async function listOrgUnits(db: Db, filter: OrgUnitFilter = {}): Promise<StoredOrgUnit[]> {
  let query = unitQuery(db);
  if (filter.level !== undefined) query = query.where('u.level', '=', filter.level);
  if (filter.parent !== undefined) query = query.where('p.code', '=', filter.parent);
  if (filter.at !== undefined) {
    const at = filter.at;
    query = query
      .where((eb) => eb.or([eb('u.valid_from', 'is', null), eb('u.valid_from', '<=', at)]))
      .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>', at)]));
  }
  query = query.orderBy('u.depth').orderBy('u.code');
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset ?? 0);
  return (await query.execute()).map(toOrgUnit);
}

export async function countOrgUnits(db: Db): Promise<Record<OrgUnitLevel, number>> {
  const rows = await db
    .selectFrom('org_unit')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('level')
    .execute();
  const counts = Object.fromEntries(ORG_UNIT_LEVELS.map((l) => [l, 0])) as Record<OrgUnitLevel, number>;
  for (const row of rows) counts[row.level as OrgUnitLevel] = Number(row.n);
  return counts;
}

export async function getOrgUnit(db: Db, code: string): Promise<StoredOrgUnit> {
  const row = await unitQuery(db).where('u.code', '=', code).executeTakeFirst();
  if (row === undefined) throw new NotFoundError(`No org unit with code "${code}"`);
  return toOrgUnit(row);
}

export async function listGroups(db: Db): Promise<OrgUnitGroup[]> {
  const groups = await db.selectFrom('org_unit_group').selectAll().orderBy('code').execute();
  const members = await db
    .selectFrom('org_unit_group_member as m')
    .innerJoin('org_unit as u', 'u.id', 'm.org_unit_id')
    .select(['m.group_id', 'u.code', 'm.valid_from', 'm.valid_to'])
    .orderBy('u.code')
    .execute();
  return groups.map((g) => ({
    code: g.code,
    kind: g.kind as OrgUnitGroup['kind'],
    name: JSON.parse(g.name) as LocalizedText,
    members: members
      .filter((m) => m.group_id === g.id)
      .map((m) => ({ unitCode: m.code, validFrom: m.valid_from, validTo: m.valid_to })),
  }));
}

export async function listCrosswalk(db: Db): Promise<CrosswalkEntry[]> {
  const rows = await db
    .selectFrom('org_unit_crosswalk as c')
    .innerJoin('org_unit as f', 'f.id', 'c.from_unit_id')
    .innerJoin('org_unit as t', 't.id', 'c.to_unit_id')
    .select(['f.code as from_code', 't.code as to_code', 'c.date', 'c.share', 'c.event'])
    .orderBy('c.date')
    .orderBy('f.code')
    .execute();
  return rows.map((r) => ({
    fromCode: r.from_code,
    toCode: r.to_code,
    date: r.date,
    share: r.share,
    event: r.event as CrosswalkEntry['event'],
  }));
}

/** code → {id, validity} for the importer's checks. */
export async function orgUnitValidity(
  db: Db,
): Promise<Map<string, { id: number; validFrom: string | null; validTo: string | null }>> {
  const rows = await db.selectFrom('org_unit').select(['id', 'code', 'valid_from', 'valid_to']).execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, validFrom: r.valid_from, validTo: r.valid_to }]));
}
