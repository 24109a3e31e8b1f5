/**
 * `atalaya quality rules | outliers | completeness`: the data-quality checks over the store, as
 * plain text in a language (`--lang`) or as JSON (`--json`). Every status is checked unless
 * `--status` says otherwise: the checks are for data stewards before publication.
 */
import { Command, Option } from 'commander';
import { canonicalDisaggregation } from '../catalogue/disaggregation.ts';
import { VALUE_STATUSES, type ValueStatus } from '../data/value-writer.ts';
import { ValidationError } from '../kernel/errors.ts';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import { parsePeriod } from '../periods/period-code.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { listDataElements, listDimensions } from '../catalogue/catalogue.store.ts';
import { defaultRuleSet } from './default-rules.ts';
import { findOutliers, readCompleteness, runRules, storeRuleSet } from './quality.store.ts';
import { fill, PERIOD_TYPE_TEXT, QUALITY_TEXT, SEVERITY_TEXT } from './quality-text.ts';
import {
  compileRule,
  COMPARISON_OPERATORS,
  ruleText,
  SEVERITIES,
  type ComparisonOperator,
} from './validation-rule.ts';
import { listStoredRules, removeValidationRule, saveValidationRule } from './validation-rule.store.ts';
import type { PeriodType } from '../periods/period.ts';

const MAX_LISTED = 20;

/** What a violation shows: the operator that does hold between the two values. */
const NEGATION: Readonly<Record<ComparisonOperator, string>> = {
  '<=': '>',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '==': '!=',
  '!=': '==',
};

const list = (value: string): string[] =>
  value
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

function statuses(value: string): ValueStatus[] {
  const asked = list(value);
  for (const s of asked) {
    if (!(VALUE_STATUSES as readonly string[]).includes(s)) {
      throw new ValidationError(`--status: "${s}" is not one of ${VALUE_STATUSES.join(', ')}`);
    }
  }
  return asked as ValueStatus[];
}

function period(option: string) {
  return (value: string): string => {
    try {
      parsePeriod(value);
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(`${option}: ${error.message}`);
      throw error;
    }
    return value;
  };
}

function positive(option: string, allowZero: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new ValidationError(
        `${option}: "${value}" is not a ${allowZero ? 'non-negative' : 'positive'} number`,
      );
    }
    return n;
  };
}

const round = (x: number, digits = 1): string => String(Number(x.toFixed(digits)));
const percent = (x: number | null): string => (x === null ? '–' : `${round(x * 100)}%`);

const langOption = () =>
  new Option('--lang <language>', 'language of the text').choices(LANGUAGES).default('en');
const statusOption = () =>
  new Option('--status <statuses>', `statuses checked, comma-separated (default: all)`).argParser(statuses);

interface Common {
  lang: Language;
  json?: boolean;
  status?: ValueStatus[];
}

export function qualityCommands(ctx: CommandContext): Command[] {
  // exitOverride first: subcommands inherit it when they are created
  const quality = new Command('quality')
    .description(
      'data-quality checks: validation rules, outliers, completeness and timeliness (docs/quality.md)',
    )
    .exitOverride();

  quality
    .command('rules')
    .description('run the validation rules (built-in, the UN-CTS funnel, and stored ones) over the values')
    .option('--org-unit <codes>', 'these units and every unit below them (comma-separated)', list)
    .option(
      '--period <code>',
      'this period and the periods within it (2020: its quarters and months)',
      period('--period'),
    )
    .addOption(statusOption())
    .addOption(langOption())
    .option('--json', 'print the result as JSON')
    .action(async (o: Common & { orgUnit?: string[]; period?: string }) => {
      const store = await ctx.store();
      const rules = await storeRuleSet(store.db);
      const run = await runRules(store, rules, {
        statuses: o.status ?? [...VALUE_STATUSES],
        ...(o.orgUnit === undefined ? {} : { orgUnits: o.orgUnit }),
        ...(o.period === undefined ? {} : { period: o.period }),
      });
      if (o.json === true) {
        ctx.out.write(
          JSON.stringify(
            {
              cells: run.cells,
              rules: rules.map((r, i) => ({
                code: r.code,
                name: r.name,
                description: r.description,
                rule: ruleText(r),
                severity: r.severity,
                sources: r.sources,
                checked: run.tallies[i]!.checked,
                violations: run.tallies[i]!.violations,
              })),
              violations: run.violations,
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const language = o.lang;
      const checked = run.tallies.reduce((a, t) => a + t.checked, 0);
      ctx.out.write(
        fill(QUALITY_TEXT.rulesSummary, language, {
          rules: rules.length,
          cells: run.cells,
          checked,
          violations: run.violations.length,
        }) + '\n',
      );
      if (run.violations.length === 0) {
        ctx.out.write(fill(QUALITY_TEXT.noViolations, language) + '\n');
        return;
      }
      for (const [i, rule] of rules.entries()) {
        const tally = run.tallies[i]!;
        if (tally.violations === 0) continue;
        const violations = run.violations.filter((v) => v.rule === rule.code);
        ctx.out.write(
          `\n[${SEVERITY_TEXT[rule.severity][language]}] ${rule.name[language]}\n` +
            `  ${ruleText(rule)}  (${fill(QUALITY_TEXT.violationsOfRule, language, { violations: tally.violations, checked: tally.checked })})\n`,
        );
        for (const v of violations.slice(0, MAX_LISTED)) {
          const side = (value: number, source: string | null) =>
            source === null ? String(value) : `${value} (${source})`;
          ctx.out.write(
            `  ${v.orgUnit} ${v.period}: ${side(v.leftValue, v.leftSource)} ${NEGATION[rule.operator]} ${side(v.rightValue, v.rightSource)}\n`,
          );
        }
        if (violations.length > MAX_LISTED) {
          ctx.out.write(
            `  ${fill(QUALITY_TEXT.more, language, { count: violations.length - MAX_LISTED })}\n`,
          );
        }
      }
    });

  quality
    .command('outliers')
    .description('values far from their series’ trend and seasonality (robust z-scores)')
    .requiredOption('--element <code>', 'data element code')
    .requiredOption('--org-unit <code>', 'org unit code')
    .option('--source <code>', 'one source (default: each source its own series)')
    .option('--disaggregation <key>', "canonical disaggregation key (default: '' for the total)")
    .option(
      '--threshold <z>',
      '|robust z| above which a value is an outlier (default 3.5)',
      positive('--threshold', false),
    )
    .addOption(statusOption())
    .addOption(langOption())
    .option('--json', 'print the result as JSON')
    .action(
      async (
        o: Common & {
          element: string;
          orgUnit: string;
          source?: string;
          disaggregation?: string;
          threshold?: number;
        },
      ) => {
        const store = await ctx.store();
        const results = await findOutliers(store, {
          element: o.element,
          orgUnit: o.orgUnit,
          statuses: o.status ?? [...VALUE_STATUSES],
          ...(o.source === undefined ? {} : { source: o.source }),
          ...(o.disaggregation === undefined
            ? {}
            : { disaggregation: canonicalDisaggregation(o.disaggregation) }),
          ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
        });
        if (o.json === true) {
          ctx.out.write(
            JSON.stringify({ element: o.element, orgUnit: o.orgUnit, series: results }, null, 2) + '\n',
          );
          return;
        }
        const language = o.lang;
        ctx.out.write(`${o.element}, ${o.orgUnit}\n`);
        if (results.length === 0) ctx.out.write(fill(QUALITY_TEXT.noSeries, language) + '\n');
        for (const r of results) {
          ctx.out.write(
            '\n' +
              fill(QUALITY_TEXT.seriesHeading, language, {
                source: r.source,
                type: PERIOD_TYPE_TEXT[r.periodType][language],
                from: r.from,
                to: r.to,
                observed: r.observed,
              }) +
              '\n',
          );
          if (r.status === 'too_short') ctx.out.write(`  ${fill(QUALITY_TEXT.tooShort, language)}\n`);
          else if (r.outliers.length === 0) ctx.out.write(`  ${fill(QUALITY_TEXT.noOutliers, language)}\n`);
          for (const p of r.outliers) {
            ctx.out.write(
              `  ${fill(QUALITY_TEXT.outlierLine, language, {
                period: p.period,
                value: p.value,
                expected: round(p.expected),
                score: round(p.score),
              })}\n`,
            );
          }
        }
      },
    );

  quality
    .command('completeness')
    .description('per reporting unit: the share of expected periods reported, and reported on time')
    .requiredOption('--element <code>', 'data element code')
    .requiredOption('--from <period>', 'first expected period (2019-01, 2019-Q1, 2019)', period('--from'))
    .requiredOption('--to <period>', 'last expected period, of the same type', period('--to'))
    .option('--org-unit <codes>', 'these units and the units below them that report the element', list)
    .option('--source <code>', 'count values of this source only')
    .option(
      '--deadline-days <days>',
      'days after the end of a period a value is on time',
      positive('--deadline-days', true),
      30,
    )
    .addOption(statusOption())
    .addOption(langOption())
    .option('--json', 'print the result as JSON')
    .action(
      async (
        o: Common & {
          element: string;
          from: string;
          to: string;
          orgUnit?: string[];
          source?: string;
          deadlineDays: number;
        },
      ) => {
        const store = await ctx.store();
        const rows = await readCompleteness(store, {
          element: o.element,
          from: o.from,
          to: o.to,
          deadlineDays: o.deadlineDays,
          statuses: o.status ?? [...VALUE_STATUSES],
          ...(o.orgUnit === undefined ? {} : { orgUnits: o.orgUnit }),
          ...(o.source === undefined ? {} : { source: o.source }),
        });
        if (o.json === true) {
          ctx.out.write(
            JSON.stringify(
              { element: o.element, from: o.from, to: o.to, deadlineDays: o.deadlineDays, units: rows },
              null,
              2,
            ) + '\n',
          );
          return;
        }
        const language = o.lang;
        ctx.out.write(`${o.element}, ${o.from}–${o.to}\n`);
        if (rows.length === 0) {
          ctx.out.write(fill(QUALITY_TEXT.noUnits, language) + '\n');
          return;
        }
        ctx.out.write(fill(QUALITY_TEXT.completenessHeader, language, { days: o.deadlineDays }) + '\n');
        for (const r of rows) {
          const missing =
            r.missing.length === 0
              ? ''
              : `  ${fill(QUALITY_TEXT.missing, language)}: ${r.missing.slice(0, 12).join(' ')}${r.missing.length > 12 ? ' …' : ''}`;
          ctx.out.write(
            `${r.orgUnit} | ${r.expected} | ${r.reported} | ${percent(r.completeness)} | ${percent(r.timeliness)} | ${r.medianDelayDays === null ? '–' : round(r.medianDelayDays)}${missing}\n`,
          );
        }
      },
    );

  const rule = quality
    .command('rule')
    .description('validation rules written by users: add (or replace), list, remove');

  const languageOptions = (command: Command, what: 'name' | 'description') => {
    for (const language of LANGUAGES) {
      command.option(
        `--${what}-${language} <text>`,
        `the rule's ${what} in ${language}${language === 'en' ? '' : ' (default: the English one)'}`,
      );
    }
    return command;
  };
  type TextOptions = Partial<
    Record<`name${Capitalize<Language>}` | `description${Capitalize<Language>}`, string>
  >;
  const capital = (l: Language) => (l.charAt(0).toUpperCase() + l.slice(1)) as Capitalize<Language>;

  const add = rule
    .command('add <code>')
    .description('add a rule, or replace the stored rule of that code')
    .requiredOption('--left <formula>', 'left side, e.g. "homicide_victims[sex=F]"')
    .addOption(
      new Option('--operator <op>', 'comparison').choices(COMPARISON_OPERATORS).makeOptionMandatory(),
    )
    .requiredOption('--right <formula>', 'right side, e.g. "0.5 * homicide_victims"')
    .addOption(
      new Option('--severity <severity>', 'how serious a violation is').choices(SEVERITIES).default('error'),
    )
    .option(
      '--tolerance <share>',
      'for == and !=: relative tolerance in [0, 1)',
      positive('--tolerance', true),
    )
    .addOption(
      new Option('--sources <mode>', 'same: one source per check; across: pairs of sources').choices([
        'same',
        'across',
      ]),
    )
    .option('--period-types <types>', 'only these period types (year,quarter,month)', list);
  languageOptions(add, 'name');
  languageOptions(add, 'description');
  add.addOption(langOption()).action(
    async (
      code: string,
      o: TextOptions & {
        left: string;
        operator: string;
        right: string;
        severity: string;
        tolerance?: number;
        sources?: 'same' | 'across';
        periodTypes?: string[];
        lang: Language;
      },
    ) => {
      if (o.nameEn === undefined || o.nameEn.trim() === '') {
        throw new ValidationError('--name-en: a rule needs an English name');
      }
      const texts = (what: 'name' | 'description') =>
        Object.fromEntries(
          LANGUAGES.flatMap((l) => {
            const value = o[`${what}${capital(l)}`];
            return value === undefined ? [] : [[l, value]];
          }),
        );
      const store = await ctx.store();
      const saved = await saveValidationRule(
        store,
        code,
        {
          left: o.left,
          operator: o.operator,
          right: o.right,
          severity: o.severity,
          name: { ...texts('name'), en: o.nameEn },
          description: texts('description'),
          ...(o.tolerance === undefined ? {} : { tolerance: o.tolerance }),
          ...(o.sources === undefined ? {} : { sources: o.sources }),
          ...(o.periodTypes === undefined ? {} : { periodTypes: o.periodTypes as PeriodType[] }),
        },
        { actor: ctx.actor, origin: 'cli' },
      );
      const language = o.lang;
      const [elements, dimensions] = await Promise.all([
        listDataElements(store.db),
        listDimensions(store.db),
      ]);
      ctx.out.write(
        fill(QUALITY_TEXT.ruleSaved, language, {
          code,
          action: fill(saved.created ? QUALITY_TEXT.ruleCreated : QUALITY_TEXT.ruleReplaced, language),
          rule: ruleText(compileRule(saved.rule, elements, dimensions)),
          severity: SEVERITY_TEXT[saved.rule.severity][language],
        }) + '\n',
      );
      if (saved.filledFromEnglish.length > 0) {
        ctx.out.write(
          fill(QUALITY_TEXT.filledFromEnglish, language, { fields: saved.filledFromEnglish.join(', ') }) +
            '\n',
        );
      }
    },
  );

  rule
    .command('list')
    .description('the built-in rules for the store’s catalogue, then the stored ones')
    .addOption(langOption())
    .option('--json', 'print the rules as JSON')
    .action(async (o: { lang: Language; json?: boolean }) => {
      const store = await ctx.store();
      const [elements, dimensions, stored] = await Promise.all([
        listDataElements(store.db),
        listDimensions(store.db),
        listStoredRules(store.db),
      ]);
      const builtIn = defaultRuleSet(elements, dimensions);
      if (o.json === true) {
        const strip = ({
          leftAst: _l,
          rightAst: _r,
          elements: _e,
          ...definition
        }: (typeof builtIn)[number]) => definition;
        ctx.out.write(
          JSON.stringify(
            {
              rules: [
                ...builtIn.map((r) => ({ ...strip(r), builtIn: true })),
                ...stored.map((r) => ({ ...r, builtIn: false })),
              ],
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const language = o.lang;
      for (const r of builtIn) {
        ctx.out.write(
          `${r.code}  [${SEVERITY_TEXT[r.severity][language]}] ${ruleText(r)}  (${fill(QUALITY_TEXT.builtIn, language)})\n`,
        );
      }
      for (const definition of stored) {
        let text: string;
        try {
          text = ruleText(compileRule(definition, elements, dimensions));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          text = `${definition.left} ${definition.operator} ${definition.right}  — ${error.message.replaceAll('\n', '; ')}`;
        }
        ctx.out.write(
          `${definition.code}  [${SEVERITY_TEXT[definition.severity][language]}] ${text}  (${fill(QUALITY_TEXT.storedBy, language, { by: definition.createdBy, at: definition.createdAt })})\n`,
        );
      }
    });

  rule
    .command('remove <code>')
    .description('remove a stored rule')
    .addOption(langOption())
    .action(async (code: string, o: { lang: Language }) => {
      const store = await ctx.store();
      await removeValidationRule(store, code, { actor: ctx.actor, origin: 'cli' });
      ctx.out.write(fill(QUALITY_TEXT.ruleRemoved, o.lang, { code }) + '\n');
    });

  return [quality];
}
