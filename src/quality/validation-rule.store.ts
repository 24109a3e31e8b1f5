/**
 * Validation rules written by users, stored in `validation_rule` and checked beside the built-in
 * set (`default-rules.ts`). A rule is compiled against the store's catalogue before it is saved
 * (the same parser and checks as the built-in rules), so a stored rule names only known elements,
 * categories and dimensions. A code of the built-in set (or the `funnel_` prefix) is refused.
 * Each save and removal is written to the audit log in the same transaction
 * (`quality.rule.save`, `quality.rule.remove`).
 */
import type { Kysely, Transaction } from 'kysely';
import { appendAuditIn } from '../access/audit-log.store.ts';
import { listDataElements, listDimensions } from '../catalogue/catalogue.store.ts';
import { NotFoundError, ValidationError } from '../kernel/errors.ts';
import { LANGUAGES, type Language, type LocalizedText } from '../kernel/i18n.ts';
import type { PeriodType } from '../periods/period.ts';
import type { Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { CONSISTENCY_RULES } from './default-rules.ts';
import {
  compileRule,
  type ComparisonOperator,
  type Severity,
  type SourceMode,
  type ValidationRule,
  type ValidationRuleDefinition,
} from './validation-rule.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

const PERIOD_TYPES: readonly PeriodType[] = ['year', 'quarter', 'month'];

/** A stored rule as written, with who wrote it and when. */
export interface StoredRuleDefinition extends ValidationRuleDefinition {
  readonly tolerance: number;
  readonly sources: SourceMode;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A text in some of the four languages. */
export type SomeLanguages = { readonly [L in Language]?: string | undefined };
/** A text given in some languages; English is required, the others fall back to it. */
export type PartialText = { readonly en: string } & SomeLanguages;

/** A rule as a user gives it: the code apart, languages other than English optional. */
export interface RuleInput {
  readonly left: string;
  readonly operator: string;
  readonly right: string;
  readonly severity: string;
  readonly tolerance?: number | undefined;
  readonly sources?: SourceMode | undefined;
  readonly periodTypes?: readonly PeriodType[] | undefined;
  readonly name: PartialText;
  readonly description?: SomeLanguages | undefined;
}

export interface SavedRule {
  readonly rule: StoredRuleDefinition;
  /** whether the code was new */
  readonly created: boolean;
  /** the texts filled from English (`name.es`, `description.fr`, …) */
  readonly filledFromEnglish: readonly string[];
}

export interface ChangedBy {
  readonly actor: string;
  readonly origin: string;
}

/** Whether a code belongs to the built-in set (the hand-written rules and the UN-CTS funnel). */
export function isBuiltInRuleCode(code: string): boolean {
  return code.startsWith('funnel_') || CONSISTENCY_RULES.some((r) => r.code === code);
}

function rowToDefinition(row: {
  code: string;
  left_side: string;
  operator: string;
  right_side: string;
  tolerance: number;
  severity: string;
  sources: string;
  period_types: string | null;
  name: string;
  description: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}): StoredRuleDefinition {
  return {
    code: row.code,
    name: JSON.parse(row.name) as LocalizedText,
    description: JSON.parse(row.description) as LocalizedText,
    left: row.left_side,
    operator: row.operator as ComparisonOperator,
    right: row.right_side,
    severity: row.severity as Severity,
    tolerance: Number(row.tolerance),
    sources: row.sources as SourceMode,
    ...(row.period_types === null
      ? {}
      : { periodTypes: JSON.parse(row.period_types) as readonly PeriodType[] }),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The stored rules, by code. */
export async function listStoredRules(db: Db): Promise<StoredRuleDefinition[]> {
  const rows = await db.selectFrom('validation_rule').selectAll().orderBy('code').execute();
  return rows.map(rowToDefinition);
}

/**
 * The stored rules compiled against a catalogue. A rule that no longer compiles (an element it
 * reads left the catalogue) is left out, as the built-in rules are, and named in `skipped`.
 */
export async function compiledStoredRules(
  db: Db,
): Promise<{ rules: ValidationRule[]; skipped: { code: string; problem: string }[] }> {
  const [stored, elements, dimensions] = await Promise.all([
    listStoredRules(db),
    listDataElements(db),
    listDimensions(db),
  ]);
  const rules: ValidationRule[] = [];
  const skipped: { code: string; problem: string }[] = [];
  for (const definition of stored) {
    try {
      rules.push(compileRule(definition, elements, dimensions));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      skipped.push({ code: definition.code, problem: error.message });
    }
  }
  return { rules, skipped };
}

/** Fills the languages not given from English; returns the text and the fields filled. */
function fillText(
  field: string,
  given: SomeLanguages,
  english: string,
): { text: LocalizedText; filled: string[] } {
  const filled: string[] = [];
  const text = {} as Record<Language, string>;
  for (const language of LANGUAGES) {
    const value = given[language]?.trim();
    if (value === undefined || value === '') {
      text[language] = english;
      if (language !== 'en' && english !== '') filled.push(`${field}.${language}`);
    } else text[language] = value;
  }
  return { text, filled };
}

/**
 * Creates or replaces a stored rule after compiling it against the store's catalogue: a bad
 * expression, an unknown element, dimension or category, a bad operator, severity or tolerance is
 * a ValidationError naming the field (and the column in the expression). Audited.
 */
export async function saveValidationRule(
  store: Store,
  code: string,
  input: RuleInput,
  by: ChangedBy,
): Promise<SavedRule> {
  if (isBuiltInRuleCode(code)) {
    throw new ValidationError(`"${code}" is a built-in rule's code`, [
      { field: 'code', message: `"${code}" belongs to the built-in rule set; choose another code` },
    ]);
  }
  const nameEn = input.name.en.trim();
  if (nameEn === '') {
    throw new ValidationError('name.en: a rule needs an English name', [
      { field: 'name.en', message: 'required' },
    ]);
  }
  if (input.periodTypes !== undefined) {
    for (const type of input.periodTypes) {
      if (!PERIOD_TYPES.includes(type)) {
        throw new ValidationError(`periodTypes: "${type}" is not one of ${PERIOD_TYPES.join(', ')}`, [
          { field: 'periodTypes', message: `"${type}" is not one of ${PERIOD_TYPES.join(', ')}` },
        ]);
      }
    }
  }
  const name = fillText('name', input.name, nameEn);
  const description = fillText('description', input.description ?? {}, input.description?.en?.trim() ?? '');
  const definition: ValidationRuleDefinition = {
    code,
    name: name.text,
    description: description.text,
    left: input.left,
    operator: input.operator as ComparisonOperator,
    right: input.right,
    severity: input.severity as Severity,
    tolerance: input.tolerance ?? 0,
    sources: input.sources ?? 'same',
    ...(input.periodTypes === undefined || input.periodTypes.length === 0
      ? {}
      : { periodTypes: [...new Set(input.periodTypes)] }),
  };
  const [elements, dimensions] = await Promise.all([listDataElements(store.db), listDimensions(store.db)]);
  compileRule(definition, elements, dimensions);

  const at = new Date().toISOString();
  const created = await store.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('validation_rule')
      .select(['created_by', 'created_at'])
      .where('code', '=', code)
      .executeTakeFirst();
    const values = {
      left_side: definition.left,
      operator: definition.operator,
      right_side: definition.right,
      tolerance: definition.tolerance ?? 0,
      severity: definition.severity,
      sources: definition.sources ?? 'same',
      period_types: definition.periodTypes === undefined ? null : JSON.stringify(definition.periodTypes),
      name: JSON.stringify(definition.name),
      description: JSON.stringify(definition.description),
      updated_at: at,
    };
    if (existing === undefined) {
      await trx
        .insertInto('validation_rule')
        .values({ code, ...values, created_by: by.actor, created_at: at })
        .execute();
    } else {
      await trx.updateTable('validation_rule').set(values).where('code', '=', code).execute();
    }
    await appendAuditIn(trx, store.dialect, {
      ...by,
      action: 'quality.rule.save',
      target: `validation_rule:${code}`,
      detail: {
        rule: `${definition.left} ${definition.operator} ${definition.right}`,
        severity: definition.severity,
        tolerance: definition.tolerance ?? 0,
        created: existing === undefined,
      },
    });
    return existing === undefined;
  });
  const row = await store.db
    .selectFrom('validation_rule')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return {
    rule: rowToDefinition(row),
    created,
    filledFromEnglish: [...name.filled, ...description.filled],
  };
}

/** Removes a stored rule (404 when there is none of that code). Audited. */
export async function removeValidationRule(store: Store, code: string, by: ChangedBy): Promise<void> {
  if (isBuiltInRuleCode(code)) {
    throw new ValidationError(`"${code}" is a built-in rule's code`, [
      { field: 'code', message: `the built-in rule "${code}" cannot be removed` },
    ]);
  }
  await store.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('validation_rule').where('code', '=', code).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new NotFoundError(`no stored validation rule "${code}"`);
    await appendAuditIn(trx, store.dialect, {
      ...by,
      action: 'quality.rule.remove',
      target: `validation_rule:${code}`,
    });
  });
}
