import type { Generated } from 'kysely';

/**
 * The tables of the store, as Kysely sees them. Localized texts, lists and small records are JSON
 * text (identical on both dialects); flags are integers 0/1. Column names are snake_case.
 */
export interface Schema {
  org_unit: OrgUnitTable;
  org_unit_group: OrgUnitGroupTable;
  org_unit_group_member: OrgUnitGroupMemberTable;
  org_unit_crosswalk: OrgUnitCrosswalkTable;
  dimension: DimensionTable;
  data_element: DataElementTable;
  indicator: IndicatorTable;
  source: SourceTable;
  import_batch: ImportBatchTable;
  data_value: DataValueTable;
  data_value_revision: DataValueRevisionTable;
  data_change: DataChangeTable;
  audit_entry: AuditEntryTable;
  store_meta: StoreMetaTable;
  account: AccountTable;
  account_grant: AccountGrantTable;
  account_session: AccountSessionTable;
  api_token: ApiTokenTable;
  intervention: InterventionTable;
  source_preference: SourcePreferenceTable;
  org_unit_boundary: OrgUnitBoundaryTable;
  validation_rule: ValidationRuleTable;
}

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  level: string;
  /** 0 = Americas … 4 = municipality */
  depth: number;
  /** JSON LocalizedText */
  name: string;
  valid_from: string | null;
  valid_to: string | null;
  /** JSON record of external codes (iso2, m49, ibge, …) */
  external_codes: string;
  /** 1 when the unit was made by the demo generator */
  synthetic: number;
}

export interface OrgUnitGroupTable {
  id: Generated<number>;
  code: string;
  kind: string;
  name: string;
}

export interface OrgUnitGroupMemberTable {
  id: Generated<number>;
  group_id: number;
  org_unit_id: number;
  valid_from: string | null;
  valid_to: string | null;
}

export interface OrgUnitCrosswalkTable {
  id: Generated<number>;
  from_unit_id: number;
  to_unit_id: number;
  date: string;
  share: number;
  event: string;
}

export interface DimensionTable {
  code: string;
  name: string;
  /** JSON array of {code, name} */
  categories: string;
}

export interface DataElementTable {
  id: Generated<number>;
  code: string;
  name: string;
  definition: string;
  value_type: string;
  unit: string;
  time_aggregation: string;
  /** JSON SpaceAggregation */
  space_aggregation: string;
  /** JSON array of dimension codes */
  dimensions: string;
  iccs: string | null;
}

export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  name: string;
  definition: string;
  unit_label: string;
  family: string;
  direction: string;
  numerator: string;
  denominator: string | null;
  factor: number;
  kind: string;
  change_of: string | null;
  /** JSON arrays */
  sdg: string;
  iccs: string;
  dimensions: string;
}

export interface SourceTable {
  id: Generated<number>;
  code: string;
  name: string;
}

export interface ImportBatchTable {
  id: Generated<number>;
  /** ISO timestamp */
  created_at: string;
  kind: string;
  file_name: string | null;
  /** sha256 of the file, hex */
  checksum: string | null;
  row_count: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** values the batch deleted */
  deleted: Generated<number>;
  created_by: string | null;
  note: string | null;
  /** for a rollback (kind `rollback`): the batch it undid */
  rolls_back: number | null;
  /** the rollback that undid this batch, once rolled back */
  rolled_back_by: number | null;
}

export interface DataValueTable {
  element_id: number;
  org_unit_id: number;
  period: string;
  /** canonical disaggregation key, '' for the total */
  disaggregation: string;
  source_id: number;
  value: number;
  status: string;
  batch_id: number;
  /** line of the file the value came from, when it came from a file */
  row_number: number | null;
  /** 1 for a new value, +1 at each change */
  revision: number;
  /** the `data_change` that last wrote this value (0 before the change log existed) */
  change_seq: Generated<number>;
}

/** One write transaction on data values; its id orders the changes readers catch up on. */
export interface DataChangeTable {
  id: Generated<number>;
  created_at: string;
  kind: string;
  batch_id: number | null;
}

export interface DataValueRevisionTable {
  id: Generated<number>;
  element_id: number;
  org_unit_id: number;
  period: string;
  disaggregation: string;
  source_id: number;
  value: number;
  status: string;
  batch_id: number;
  row_number: number | null;
  revision: number;
  /** ISO timestamp at which this version was replaced */
  superseded_at: string;
  /** the batch of the change that replaced it (null for a status move, which keeps the batch) */
  superseded_by_batch: number | null;
  /** the `data_change` that replaced or deleted it (null for versions kept before 20261130) */
  superseded_by_change: number | null;
  /** 1 when that change deleted the value */
  deleted: Generated<number>;
}

/**
 * The audit log, append-only (triggers refuse UPDATE and DELETE) and hash-chained: see
 * `src/access/audit-chain.ts`. The last entry's seq and hash are also kept in `store_meta`
 * (`audit_head`), so a removed tail shows.
 */
export interface AuditEntryTable {
  /** 1, 2, 3 … without gaps, given by the writer under a lock */
  seq: number;
  /** UTC ISO timestamp */
  at: string;
  actor: string;
  action: string;
  target: string;
  /** canonical JSON text */
  detail: string;
  /** client IP address, `cli` or `unknown` */
  origin: string;
  prev_hash: string;
  /** SHA-256 hex of the entry's canonical serialization with prev_hash */
  hash: string;
}

export interface StoreMetaTable {
  key: string;
  value: string;
}

/** A user of Atalaya (the public has no account). */
export interface AccountTable {
  id: Generated<number>;
  /** lower case, unique */
  email: string;
  display_name: string;
  /** en, es, pt or fr */
  language: string;
  disabled: number;
  /** argon2id, PHC form */
  password_hash: string;
  /** wrong passwords in a row since the last success or lock */
  failed_logins: number;
  /** ISO timestamp until which sign-in is refused */
  locked_until: string | null;
  created_at: string;
  password_changed_at: string;
}

/** A role held in a scope: an org unit and its subunits, or every member state (null). */
export interface AccountGrantTable {
  id: Generated<number>;
  account_id: number;
  role: string;
  org_unit_id: number | null;
}

export interface AccountSessionTable {
  /** SHA-256 (hex) of the random session id held in the cookie */
  id_hash: string;
  account_id: number;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** A token for programs: acts with its account's grants, optionally read-only. */
export interface ApiTokenTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  /** SHA-256 (hex) of the token */
  token_hash: string;
  read_only: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** A registered intervention (src/interventions/intervention.ts). */
export interface InterventionTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: string;
  /** project, law, tactic or strategy */
  type: string;
  /** member state code */
  country: string;
  /** SDMX month codes `2016-01` */
  start_month: string;
  end_month: string | null;
  /** JSON array of indicator codes */
  indicators: string;
  /** JSON array of {unit, start} */
  units: string;
  /** JSON array of org unit codes; empty: the engine chooses */
  donors: string;
  /** 1 when the demo loader registered it */
  synthetic: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** The preferred source of an element in an org unit and below (src/reconciliation/). */
export interface SourcePreferenceTable {
  org_unit_id: number;
  element_id: number;
  source_id: number;
  reason: string;
  set_by: string;
  set_at: string;
}

/** The boundary of an org unit (src/geography/boundaries.store.ts). */
export interface OrgUnitBoundaryTable {
  org_unit_id: number;
  /** GeoJSON Polygon or MultiPolygon, rings wound as d3-geo reads them */
  geometry: string;
  /** the unit's name in the file it came from */
  label: string | null;
  west: number;
  south: number;
  east: number;
  north: number;
  source_file: string;
  /** sha256 of that file */
  checksum: string;
  imported_at: string;
  imported_by: string;
  /** 1 when generated by the demo */
  synthetic: Generated<number>;
}

/** A validation rule written by a user (src/quality/validation-rule.store.ts). */
export interface ValidationRuleTable {
  id: Generated<number>;
  code: string;
  left_side: string;
  operator: string;
  right_side: string;
  tolerance: number;
  severity: string;
  /** `same` or `across` */
  sources: string;
  /** JSON array of period types; null for all */
  period_types: string | null;
  /** JSON LocalizedText */
  name: string;
  /** JSON LocalizedText */
  description: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
