/**
 * The boundaries of org units: importing a GeoJSON file of them (`atalaya import --format geojson`,
 * `POST /api/imports`), with a dry run that says which units are new, changed, unchanged or
 * rejected, and reading the boundaries of a unit's children for the maps.
 *
 * An import is all or nothing: the file is read and checked whole (`src/ingest/geojson-
 * boundaries.ts`), every code must be a unit of the store (and of the caller's scope), and then
 * one transaction writes the new and changed boundaries, each replacing the unit's previous one,
 * with the audit entry. A unit whose geometry and name in the file are those stored is left alone,
 * so importing the same file twice changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { appendAuditIn } from '../access/audit-log.store.ts';
import { parseMapping } from '../ingest/import-formats.ts';
import {
  readGeoJsonBoundaries,
  type BoundaryReadResult,
  type GeoJsonMapping,
  type ReadBoundary,
} from '../ingest/geojson-boundaries.ts';
import type { SkipCount } from '../ingest/reader-result.ts';
import { ForbiddenError, NotFoundError, ValidationError, type InputIssue } from '../kernel/errors.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export type BoundaryChange = 'new' | 'changed' | 'unchanged';

export interface BoundaryImportRequest {
  readonly bytes: Uint8Array;
  /** the parsed mapping file, and its name for errors */
  readonly mapping: unknown;
  readonly mappingFile?: string;
  readonly file: string;
  /** whether the caller may write the boundary of this unit (by id); every unit when absent */
  readonly orgUnitAllowed?: (id: number) => boolean;
  /** who imports, for the rows and the audit entry */
  readonly actor: string;
  readonly origin: string;
}

export interface BoundaryImportSummary {
  readonly file: string;
  /** sha256 of the file */
  readonly checksum: string;
  readonly features: number;
  readonly new: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly issueCount: number;
  /** the first 1000 problems */
  readonly issues: InputIssue[];
  /** each unit of the file (the first 1000) and what the import does to it */
  readonly units: { code: string; change: BoundaryChange; feature: number; line: number }[];
  readonly skipped: SkipCount[];
  readonly encoding: string;
}

export interface BoundaryImportOutcome {
  readonly dryRun: boolean;
  readonly boundaries: BoundaryImportSummary;
}

interface PlannedBoundary {
  readonly boundary: ReadBoundary;
  readonly unitId: number;
  readonly geometry: string;
  readonly change: BoundaryChange;
}

interface Plan {
  readonly read: BoundaryReadResult;
  readonly planned: PlannedBoundary[];
  readonly issues: InputIssue[];
  /** problems of scope (the import answers 403 rather than 400) */
  readonly forbidden: InputIssue[];
}

/** Compares what the file holds with the store: unknown units, units outside the scope, changes. */
async function plan(db: Db, read: BoundaryReadResult, request: BoundaryImportRequest): Promise<Plan> {
  const codes = read.boundaries.map((b) => b.code);
  const units = new Map<string, number>();
  const stored = new Map<number, { geometry: string; label: string | null }>();
  for (let i = 0; i < codes.length; i += 500) {
    const part = codes.slice(i, i + 500);
    const rows = await db
      .selectFrom('org_unit as u')
      .leftJoin('org_unit_boundary as b', 'b.org_unit_id', 'u.id')
      .select(['u.id', 'u.code', 'b.geometry', 'b.label'])
      .where('u.code', 'in', part)
      .execute();
    for (const row of rows) {
      units.set(row.code, row.id);
      if (row.geometry !== null) stored.set(row.id, { geometry: row.geometry, label: row.label });
    }
  }
  const issues: InputIssue[] = [...read.issues];
  const forbidden: InputIssue[] = [];
  const planned: PlannedBoundary[] = [];
  const at = (boundary: ReadBoundary, message: string): InputIssue => ({
    file: request.file,
    line: boundary.line,
    column: boundary.column,
    field: `features[${boundary.feature}]`,
    message,
  });
  for (const boundary of read.boundaries) {
    const unitId = units.get(boundary.code);
    if (unitId === undefined) {
      issues.push(at(boundary, `unknown org unit "${boundary.code}" (no unit of the store has this code)`));
      continue;
    }
    if (request.orgUnitAllowed !== undefined && !request.orgUnitAllowed(unitId)) {
      forbidden.push(at(boundary, `${boundary.code} is outside your scope`));
      continue;
    }
    const geometry = JSON.stringify(boundary.geometry);
    const before = stored.get(unitId);
    const change: BoundaryChange =
      before === undefined
        ? 'new'
        : before.geometry === geometry && before.label === boundary.label
          ? 'unchanged'
          : 'changed';
    planned.push({ boundary, unitId, geometry, change });
  }
  const byPlace = (a: InputIssue, b: InputIssue) =>
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  return { read, planned, issues: issues.sort(byPlace), forbidden: forbidden.sort(byPlace) };
}

function summary(request: BoundaryImportRequest, checksum: string, p: Plan): BoundaryImportSummary {
  const count = (change: BoundaryChange) => p.planned.filter((b) => b.change === change).length;
  const issues = [...p.issues, ...p.forbidden];
  const skipped = p.read.skipped.reduce((sum, s) => sum + s.count, 0);
  return {
    file: request.file,
    checksum,
    features: p.read.features,
    new: count('new'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    rejected: Math.max(0, p.read.features - skipped - p.planned.length),
    issueCount: issues.length,
    issues: issues.slice(0, 1000),
    units: p.planned.slice(0, 1000).map(({ boundary, change }) => ({
      code: boundary.code,
      change,
      feature: boundary.feature,
      line: boundary.line,
    })),
    skipped: p.read.skipped,
    encoding: p.read.encoding,
  };
}

function readFile(request: BoundaryImportRequest): { read: BoundaryReadResult; checksum: string } {
  const mapping = parseMapping('geojson', request.mapping, request.mappingFile) as GeoJsonMapping;
  return {
    read: readGeoJsonBoundaries(request.bytes, mapping, { file: request.file }),
    checksum: createHash('sha256').update(request.bytes).digest('hex'),
  };
}

/** What importing the file would do; writes nothing. */
export async function previewBoundaryFile(
  store: Store,
  request: BoundaryImportRequest,
): Promise<BoundaryImportOutcome> {
  const { read, checksum } = readFile(request);
  return { dryRun: true, boundaries: summary(request, checksum, await plan(store.db, read, request)) };
}

/**
 * Imports the file's boundaries in one transaction, or refuses it whole: a ValidationError (400)
 * listing every problem, a ForbiddenError (403) listing the units outside the caller's scope.
 */
export async function importBoundaryFile(
  store: Store,
  request: BoundaryImportRequest,
): Promise<BoundaryImportOutcome> {
  const { read, checksum } = readFile(request);
  const refuse = (p: Plan): void => {
    const problems = p.issues.length;
    if (problems > 0) {
      throw new ValidationError(
        `${request.file} was not imported: ${problems} problem${problems === 1 ? '' : 's'} found, nothing was written${problems > 1000 ? ' (the first 1000 are listed)' : ''}.`,
        p.issues.slice(0, 1000),
      );
    }
    if (p.forbidden.length > 0) {
      throw new ForbiddenError(
        `${request.file} was not imported: ${p.forbidden.length} of its units are outside your scope; nothing was written.`,
        p.forbidden.slice(0, 1000),
      );
    }
  };
  if (read.issues.length > 0) refuse({ read, planned: [], issues: read.issues, forbidden: [] });
  const at = new Date().toISOString();
  const result = await store.db.transaction().execute(async (trx) => {
    const p = await plan(trx, read, request);
    refuse(p);
    await writeBoundaries(
      trx,
      p.planned.filter((b) => b.change !== 'unchanged'),
      { file: request.file, checksum, at, by: request.actor, synthetic: false },
    );
    const s = summary(request, checksum, p);
    await appendAuditIn(trx, store.dialect, {
      actor: request.actor,
      origin: request.origin,
      action: 'boundary.import',
      target: `file:${request.file}`,
      detail: {
        file: request.file,
        checksum,
        features: s.features,
        new: s.new,
        changed: s.changed,
        unchanged: s.unchanged,
      },
    });
    return s;
  });
  return { dryRun: false, boundaries: result };
}

interface WriteInfo {
  readonly file: string;
  readonly checksum: string;
  readonly at: string;
  readonly by: string;
  readonly synthetic: boolean;
}

async function writeBoundaries(
  trx: Db,
  boundaries: readonly PlannedBoundary[],
  info: WriteInfo,
): Promise<void> {
  for (const { boundary, unitId, geometry } of boundaries) {
    const [west, south, east, north] = boundary.bbox;
    const row = {
      geometry,
      label: boundary.label,
      west,
      south,
      east,
      north,
      source_file: info.file,
      checksum: info.checksum,
      imported_at: info.at,
      imported_by: info.by,
      synthetic: info.synthetic ? 1 : 0,
    };
    await trx
      .insertInto('org_unit_boundary')
      .values({ org_unit_id: unitId, ...row })
      .onConflict((oc) => oc.column('org_unit_id').doUpdateSet(row))
      .execute();
  }
}

/**
 * Saves generated boundaries (the demo's) inside the caller's transaction, flagged synthetic.
 * Units that already have a boundary keep it; units the store lacks are left out.
 */
export async function saveSyntheticBoundaries(
  trx: Db,
  boundaries: readonly ReadBoundary[],
  info: { readonly file: string; readonly by: string },
): Promise<number> {
  const read = {
    boundaries: [...boundaries],
    issues: [],
    skipped: [],
    encoding: 'utf-8' as const,
    features: 0,
  };
  const p = await plan(trx, read, {
    bytes: new Uint8Array(),
    mapping: undefined,
    file: info.file,
    actor: info.by,
    origin: '',
  });
  const fresh = p.planned.filter((b) => b.change === 'new');
  const checksum = createHash('sha256')
    .update(fresh.map((b) => b.geometry).join('\n'))
    .digest('hex');
  await writeBoundaries(trx, fresh, { ...info, checksum, at: new Date().toISOString(), synthetic: true });
  return fresh.length;
}

export interface StoredBoundary {
  readonly code: string;
  readonly name: LocalizedText;
  readonly label: string | null;
  /** GeoJSON geometry as stored (text) */
  readonly geometry: string;
  readonly bbox: readonly [number, number, number, number];
  readonly synthetic: boolean;
  readonly importedAt: string;
}

/** The boundaries of a unit's children (those that have one), by code. */
export async function childBoundaries(db: Db, parentCode: string): Promise<StoredBoundary[]> {
  const parent = await db
    .selectFrom('org_unit')
    .select('id')
    .where('code', '=', parentCode)
    .executeTakeFirst();
  if (parent === undefined) throw new NotFoundError(`No org unit has the code "${parentCode}".`);
  const rows = await db
    .selectFrom('org_unit as u')
    .innerJoin('org_unit_boundary as b', 'b.org_unit_id', 'u.id')
    .select([
      'u.code',
      'u.name',
      'b.label',
      'b.geometry',
      'b.west',
      'b.south',
      'b.east',
      'b.north',
      'b.synthetic',
      'b.imported_at',
    ])
    .where('u.parent_id', '=', parent.id)
    .orderBy('u.code')
    .execute();
  return rows.map((row) => ({
    code: row.code,
    name: JSON.parse(row.name) as LocalizedText,
    label: row.label,
    geometry: row.geometry,
    bbox: [Number(row.west), Number(row.south), Number(row.east), Number(row.north)],
    synthetic: Number(row.synthetic) === 1,
    importedAt: row.imported_at,
  }));
}
