import { describe, expect, it } from 'vitest';
import { SEED_CATALOGUE } from '../catalogue/seed-catalogue.ts';
import { ValidationError } from '../kernel/errors.ts';
import { LANGUAGES } from '../kernel/i18n.ts';
import { CONSISTENCY_RULES, defaultRuleSet } from './default-rules.ts';
import { funnelRules, UN_CTS_STAGES } from './funnel.ts';
import {
  checkCell,
  compare,
  compileRule,
  ruleText,
  type RuleTally,
  type RuleValue,
  type ValidationRuleDefinition,
} from './validation-rule.ts';

const { elements, dimensions } = SEED_CATALOGUE;
const TEXT = { en: 'x', es: 'x', pt: 'x', fr: 'x' };

function rule(
  partial: Partial<ValidationRuleDefinition> & Pick<ValidationRuleDefinition, 'left' | 'operator' | 'right'>,
) {
  return compileRule(
    { code: 'r', name: TEXT, description: TEXT, severity: 'error', ...partial },
    elements,
    dimensions,
  );
}

function v(element: string, disaggregation: string, source: string, value: number): RuleValue {
  return { element, disaggregation, source, value };
}

describe('compare', () => {
  it('applies each operator, and a relative tolerance to equality', () => {
    expect([compare(1, '<=', 1), compare(1, '<', 1), compare(2, '>=', 1), compare(1, '>', 1)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(compare(100, '==', 100)).toBe(true);
    expect(compare(99, '==', 100)).toBe(false);
    expect(compare(99, '==', 100, 0.01)).toBe(true); // |1| ≤ 0.01 × 100
    expect(compare(98.9, '==', 100, 0.01)).toBe(false);
    expect(compare(98.9, '!=', 100, 0.01)).toBe(true);
    expect(compare(99.5, '!=', 100, 0.01)).toBe(false);
  });
});

describe('compileRule', () => {
  it('parses both sides with the formula language and knows what the rule reads', () => {
    const r = rule({ left: 'homicide_victims[weapon=firearm]', operator: '<=', right: 'homicide_victims' });
    expect(r.elements).toEqual(['homicide_victims']);
    expect(ruleText(r)).toBe('homicide_victims[weapon=firearm] <= homicide_victims');
    expect(r.sources).toBe('same');
  });

  it('lists every problem with the side it concerns', () => {
    let error: unknown;
    try {
      rule({ left: 'homicide_victim[weapon=knife]', operator: '<=', right: 'drug_seizures' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues[0]).toMatchObject({
      field: 'left',
      message: expect.stringContaining('did you mean "homicide_victims"') as string,
    });
    expect(() => rule({ left: 'prisoners', operator: '<=', right: 'drug_seizures' })).toThrow(
      /persons but the right side in kg/,
    );
    expect(() => rule({ left: '1', operator: '<=', right: '2' })).toThrow(ValidationError);
    expect(() => rule({ left: 'prisoners', operator: '<=', right: 'population', tolerance: 0.1 })).toThrow(
      ValidationError,
    );
    expect(() => rule({ left: 'prisoners[sex=X]', operator: '<=', right: 'prisoners' })).toThrow(
      ValidationError,
    );
  });
});

describe('checkCell', () => {
  const cell = (values: RuleValue[]) => ({
    orgUnit: 'MEX',
    period: '2020',
    periodType: 'year' as const,
    values,
  });

  it('checks a same-source rule per source and reports both sides', () => {
    const r = rule({ left: 'homicide_victims[weapon=firearm]', operator: '<=', right: 'homicide_victims' });
    const tallies = new Map<string, RuleTally>();
    const violations = checkCell(
      [r],
      cell([
        v('homicide_victims', '', 'police', 100),
        v('homicide_victims', 'weapon=firearm', 'police', 120),
        v('homicide_victims', '', 'forensic', 90),
        v('homicide_victims', 'weapon=firearm', 'forensic', 70),
        // health has a firearm count but no total: not checked
        v('homicide_victims', 'weapon=firearm', 'health', 500),
      ]),
      tallies,
    );
    expect(violations).toEqual([
      {
        rule: 'r',
        severity: 'error',
        orgUnit: 'MEX',
        period: '2020',
        leftSource: 'police',
        rightSource: 'police',
        leftValue: 120,
        rightValue: 100,
      },
    ]);
    expect(tallies.get('r')).toEqual({ rule: 'r', checked: 2, violations: 1 });
  });

  it('pairs every left source with every right source across sources', () => {
    const r = rule({ left: 'prisoners', operator: '<', right: '0.02 * population', sources: 'across' });
    const tallies = new Map<string, RuleTally>();
    const violations = checkCell(
      [r],
      cell([
        v('prisoners', '', 'prisons', 2500),
        v('prisoners', '', 'justice', 1500),
        v('population', '', 'census', 100_000),
      ]),
      tallies,
    );
    expect(violations.map((x) => [x.leftSource, x.rightSource, x.leftValue, x.rightValue])).toEqual([
      ['prisons', 'census', 2500, 2000],
    ]);
    expect(tallies.get('r')?.checked).toBe(2);
  });

  it('reads no source for a side of numbers, and skips period types a rule does not cover', () => {
    const r = rule({ left: 'trust_police_share', operator: '<=', right: '100' });
    const tallies = new Map<string, RuleTally>();
    expect(checkCell([r], cell([v('trust_police_share', '', 'survey', 103.5)]), tallies)).toMatchObject([
      { leftSource: 'survey', rightSource: null, leftValue: 103.5, rightValue: 100 },
    ]);
    const yearly = rule({
      left: 'arrests',
      operator: '>=',
      right: 'prisoners',
      sources: 'across',
      periodTypes: ['year'],
    });
    const monthly = {
      orgUnit: 'MEX',
      period: '2020-01',
      periodType: 'month' as const,
      values: [v('arrests', '', 'police', 1), v('prisoners', '', 'prisons', 9)],
    };
    expect(checkCell([yearly], monthly, tallies)).toEqual([]);
  });
});

describe('the default rule set', () => {
  const rules = defaultRuleSet(elements, dimensions);

  it('compiles against the seed catalogue, with unique codes and texts in four languages', () => {
    expect(new Set(rules.map((r) => r.code)).size).toBe(rules.length);
    for (const r of rules) {
      for (const language of LANGUAGES) {
        expect(r.name[language].trim(), `${r.code} ${language}`).not.toBe('');
        expect(r.description[language].trim(), `${r.code} ${language}`).not.toBe('');
        expect(r.name[language]).not.toContain('{name}');
      }
    }
    // every hand-written rule, then the funnel's three (total, women, men)
    expect(rules.map((r) => r.code)).toEqual([
      ...CONSISTENCY_RULES.map((r) => r.code),
      'funnel_arrests_prisoners',
      'funnel_arrests_prisoners_sex_f',
      'funnel_arrests_prisoners_sex_m',
    ]);
  });

  it('leaves out rules reading elements the catalogue lacks', () => {
    const small = elements.filter((e) => e.code !== 'population');
    const codes = defaultRuleSet(small, dimensions).map((r) => r.code);
    expect(codes).not.toContain('homicides_plausible_for_population');
    expect(codes).toContain('firearm_homicides_within_total');
  });
});

describe('the UN-CTS funnel', () => {
  it('compares the stages present, flows with flows on any period, a stock on years only as information', () => {
    const rules = funnelRules(UN_CTS_STAGES, elements, dimensions);
    // the seed catalogue has arrests (a flow) and prisoners (a stock), broken down by sex both
    expect(rules.map((r) => [r.left, r.operator, r.right, r.severity, r.periodTypes])).toEqual([
      ['arrests', '>=', 'prisoners', 'info', ['year']],
      ['arrests[sex=F]', '>=', 'prisoners[sex=F]', 'info', ['year']],
      ['arrests[sex=M]', '>=', 'prisoners[sex=M]', 'info', ['year']],
    ]);
  });

  it('names each check in four languages from the stages and the breakdown', () => {
    const [total, women] = funnelRules(UN_CTS_STAGES, elements, dimensions);
    expect(total!.name.es).toBe(
      'Embudo de la justicia: personas en contacto formal con la policía ≥ personas privadas de libertad',
    );
    expect(women!.name.fr).toBe(
      'Entonnoir pénal : personnes en contact officiel avec la police ≥ personnes détenues (Féminin)',
    );
    expect(women!.description.en).toContain('persons held in prison on the last day of the year');
  });

  it('chains the stages that exist when prosecution and conviction are in the catalogue', () => {
    const arrests = elements.find((e) => e.code === 'arrests')!;
    const extra = [
      { ...arrests, code: 'persons_prosecuted', dimensions: [] },
      { ...arrests, code: 'persons_convicted', dimensions: ['sex'] },
    ];
    const rules = funnelRules(UN_CTS_STAGES, [...elements, ...extra], dimensions);
    expect(rules.map((r) => `${r.left} ${r.operator} ${r.right} ${r.severity}`)).toEqual([
      'arrests >= persons_prosecuted warning',
      'persons_prosecuted >= persons_convicted warning',
      'persons_convicted >= prisoners info',
      'persons_convicted[sex=F] >= prisoners[sex=F] info',
      'persons_convicted[sex=M] >= prisoners[sex=M] info',
    ]);
    // without prosecution, arrests compare straight with convictions (≥ is transitive)
    const skipping = funnelRules(UN_CTS_STAGES, [...elements, extra[1]!], dimensions);
    expect(skipping[0]).toMatchObject({ left: 'arrests', right: 'persons_convicted', severity: 'warning' });
    for (const r of [...rules, ...skipping]) compileRule(r, [...elements, ...extra], dimensions);
  });
});
