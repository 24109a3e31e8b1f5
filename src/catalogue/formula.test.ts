import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import type { DataElement } from './catalogue.ts';
import { DATA_ELEMENTS } from './data-elements.ts';
import { DIMENSIONS } from './dimensions.ts';
import {
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  disaggregateFormula,
  evaluateFormula,
  formatFormula,
  formulaReferences,
  formulaUnit,
  parseFormula,
  validateFormula,
  type FormulaNode,
} from './formula.ts';

const ELEMENTS: ReadonlyMap<string, DataElement> = new Map(DATA_ELEMENTS.map((e) => [e.code, e]));

/** The tree without columns, to compare shapes. */
function shape(node: FormulaNode): unknown {
  switch (node.kind) {
    case 'number':
      return { number: node.value };
    case 'ref':
      return {
        ref: node.element,
        filter: node.filter.map((p) => [p.dimension, p.category]),
      };
    case 'negate':
      return { negate: shape(node.operand) };
    case 'binary':
      return { [node.operator]: [shape(node.left), shape(node.right)] };
  }
}

function parseError(text: string): { column: number | undefined; message: string } {
  try {
    parseFormula(text);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.issues).toHaveLength(1);
    return { column: error.issues[0]!.column, message: error.issues[0]!.message };
  }
  throw new Error(`"${text}" parsed`);
}

function issues(text: string): { column: number | undefined; message: string }[] {
  return validateFormula(parseFormula(text), ELEMENTS, DIMENSIONS).map((i) => ({
    column: i.column,
    message: i.message,
  }));
}

describe('parseFormula', () => {
  it('reads a reference, with or without a filter', () => {
    expect(parseFormula('population')).toEqual({
      kind: 'ref',
      element: 'population',
      filter: [],
      column: 1,
    });
    expect(parseFormula('prisoners[offence=drug, sex=F]')).toEqual({
      kind: 'ref',
      element: 'prisoners',
      filter: [
        { dimension: 'offence', category: 'drug', column: 11 },
        { dimension: 'sex', category: 'F', column: 25 },
      ],
      column: 1,
    });
    expect(shape(parseFormula('population[age_group=60+]'))).toEqual({
      ref: 'population',
      filter: [['age_group', '60+']],
    });
    expect(shape(parseFormula('population[ age_group = 15-29 ]'))).toEqual({
      ref: 'population',
      filter: [['age_group', '15-29']],
    });
  });

  it('reads numbers', () => {
    for (const [text, value] of [
      ['100000', 100000],
      ['2.5', 2.5],
      ['1e5', 100000],
      ['1.5E-3', 0.0015],
      ['2e+2', 200],
      ['0', 0],
    ] as const) {
      expect(parseFormula(text)).toEqual({ kind: 'number', value, column: 1 });
    }
  });

  it('gives * and / precedence over + and -, and associates to the left', () => {
    expect(shape(parseFormula('a + b * 2'))).toEqual({
      '+': [{ ref: 'a', filter: [] }, { '*': [{ ref: 'b', filter: [] }, { number: 2 }] }],
    });
    expect(shape(parseFormula('a - b - c'))).toEqual({
      '-': [
        {
          '-': [
            { ref: 'a', filter: [] },
            { ref: 'b', filter: [] },
          ],
        },
        { ref: 'c', filter: [] },
      ],
    });
    expect(shape(parseFormula('a / b / 2'))).toEqual({
      '/': [
        {
          '/': [
            { ref: 'a', filter: [] },
            { ref: 'b', filter: [] },
          ],
        },
        { number: 2 },
      ],
    });
    expect(shape(parseFormula('(a + b) * 2'))).toEqual({
      '*': [
        {
          '+': [
            { ref: 'a', filter: [] },
            { ref: 'b', filter: [] },
          ],
        },
        { number: 2 },
      ],
    });
  });

  it('reads unary minus, repeated and inside products', () => {
    expect(shape(parseFormula('--a'))).toEqual({ negate: { negate: { ref: 'a', filter: [] } } });
    expect(shape(parseFormula('-a * 2'))).toEqual({
      '*': [{ negate: { ref: 'a', filter: [] } }, { number: 2 }],
    });
    expect(shape(parseFormula('a - -2'))).toEqual({
      '-': [{ ref: 'a', filter: [] }, { negate: { number: 2 } }],
    });
  });

  it('records the column of each node (operators at the operator)', () => {
    const ast = parseFormula('  arrests  /  2');
    expect(ast).toMatchObject({ kind: 'binary', operator: '/', column: 12 });
    if (ast.kind !== 'binary') throw new Error('binary expected');
    expect(ast.left.column).toBe(3);
    expect(ast.right.column).toBe(15);
  });

  it.each([
    ['arrests[sex=F', 14, "expected ']' but found end of formula"],
    ['', 1, "expected a number, a data element code, '-' or '(' but found end of formula"],
    ['police_officers +', 18, "expected a number, a data element code, '-' or '(' but found end of formula"],
    ['(population', 12, "expected ')' but found end of formula"],
    ['(population]', 12, "expected ')' but found ']'"],
    ['population $ 2', 12, "expected an operator or end of formula but found '$'"],
    ['population 2', 12, "expected an operator or end of formula but found '2'"],
    ['arrests police_officers', 9, "expected an operator or end of formula but found 'police_officers'"],
    ['2 * * 3', 5, "expected a number, a data element code, '-' or '(' but found '*'"],
    ['prisoners[sex F]', 15, "expected '=' but found 'F'"],
    ['prisoners[=F]', 11, "expected a dimension code but found '='"],
    ['prisoners[]', 11, "expected a dimension code but found ']'"],
    ['prisoners[sex=]', 15, "expected a category code but found ']'"],
    ['prisoners[sex=F;offence=drug]', 16, "expected ']' but found ';'"],
    ['prisoners[sex=F,]', 17, "expected a dimension code but found ']'"],
    ['prisoners[sex=F,sex=M]', 17, "dimension 'sex' appears twice in the filter"],
    ['prisoners[Sex=F]', 11, "'Sex' is not a dimension code (lowercase letters, digits and '_')"],
    ['1e999', 1, 'the number 1e999 is too large'],
    ['3.', 2, "expected an operator or end of formula but found '.'"],
    ['.5', 1, "expected a number, a data element code, '-' or '(' but found '.'"],
    ['población', 8, "expected an operator or end of formula but found 'ó'"],
    ['a )', 3, "expected an operator or end of formula but found ')'"],
  ])('refuses %j at column %i: %s', (text, column, message) => {
    expect(parseError(text)).toEqual({ column, message });
  });

  it('puts the column and what was expected in the error message', () => {
    expect(() => parseFormula('arrests[sex=F')).toThrow("column 14: expected ']' but found end of formula");
  });

  it('refuses formulas nested too deeply or too long', () => {
    const deep = `${'('.repeat(MAX_FORMULA_DEPTH + 1)}1${')'.repeat(MAX_FORMULA_DEPTH + 1)}`;
    expect(parseError(deep)).toEqual({
      column: MAX_FORMULA_DEPTH + 1,
      message: `the formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`,
    });
    expect(parseError(`${'-'.repeat(MAX_FORMULA_DEPTH + 1)}1`).message).toContain('nested too deeply');
    const ok = `${'('.repeat(MAX_FORMULA_DEPTH)}1${')'.repeat(MAX_FORMULA_DEPTH)}`;
    expect(parseFormula(ok)).toEqual({ kind: 'number', value: 1, column: MAX_FORMULA_DEPTH + 1 });
    const long = Array.from({ length: 400 }, () => 'arrests').join(' + ');
    expect(long.length).toBeGreaterThan(MAX_FORMULA_LENGTH);
    expect(parseError(long)).toEqual({
      column: undefined,
      message: `the formula is longer than ${MAX_FORMULA_LENGTH} characters`,
    });
  });
});

describe('validateFormula', () => {
  it('accepts well-formed formulas over the catalogue', () => {
    for (const text of [
      'homicide_victims',
      'homicide_victims[weapon=firearm]',
      'homicide_victims[sex=F,age_group=15-29]',
      'police_officers + private_security_guards',
      'prisoners[offence=drug,sex=F] * 100',
      '(arrests - arrests[sex=M]) / 2',
      '-population + 1',
      'trust_police_share / 100',
    ]) {
      expect(issues(text), text).toEqual([]);
    }
  });

  it('refuses adding different units and names both', () => {
    expect(issues('police_officers + drug_seizures')).toEqual([
      {
        column: 17,
        message:
          "unit mismatch: 'police_officers' is in persons but 'drug_seizures' is in kg; only values in the same unit can be added",
      },
    ]);
    expect(issues('treatment_centres - firearms_marked * 2')[0]).toEqual({
      column: 19,
      message:
        "unit mismatch: 'treatment_centres' is in centres but 'firearms_marked * 2' is in firearms; only values in the same unit can be subtracted",
    });
  });

  it('suggests the closest element code for an unknown one', () => {
    expect(issues('homicide_victim / 2')).toEqual([
      {
        column: 1,
        message: 'unknown data element "homicide_victim" (did you mean "homicide_victims"?)',
      },
    ]);
    expect(issues('2 * polic_officers')).toEqual([
      {
        column: 5,
        message: 'unknown data element "polic_officers" (did you mean "police_officers"?)',
      },
    ]);
    expect(issues('prisoner[sex=F]')[0]!.message).toContain('did you mean "prisoners"?');
    expect(issues('xyzzy')).toEqual([{ column: 1, message: 'unknown data element "xyzzy"' }]);
  });

  it('does not report a unit mismatch caused by an unknown element', () => {
    expect(issues('police_oficers + drug_seizures')).toHaveLength(1);
  });

  it('checks the filter against the dimensions and the element', () => {
    expect(issues('prisoners[colour=red]')).toEqual([
      {
        column: 11,
        message: 'unknown dimension "colour" (known: age_group, detention, drug, offence, sex, weapon)',
      },
    ]);
    expect(issues('prisoners[sex=F,detention=remand]')).toEqual([
      {
        column: 17,
        message:
          'unknown category "remand" of dimension "detention" (expected one of sentenced, unsentenced)',
      },
    ]);
    expect(issues('population[weapon=firearm]')).toEqual([
      {
        column: 12,
        message: 'data element "population" is not broken down by "weapon" (only by sex, age_group)',
      },
    ]);
  });

  it('refuses multiplying or dividing two element expressions, and dividing by one', () => {
    expect(issues('police_officers * population')).toEqual([
      {
        column: 17,
        message:
          "cannot multiply 'police_officers' by 'population': both read data elements; a ratio between data elements is written as an indicator's numerator and denominator",
      },
    ]);
    expect(issues('(arrests + 1) / population')).toEqual([
      {
        column: 15,
        message:
          "cannot divide 'arrests + 1' by 'population': both read data elements; a ratio between data elements is written as an indicator's numerator and denominator",
      },
    ]);
    expect(issues('100 / population')).toEqual([
      {
        column: 5,
        message:
          "cannot divide by 'population': it reads a data element; put it in the indicator's denominator",
      },
    ]);
  });

  it('refuses division by zero, literal or computed', () => {
    expect(issues('arrests / 0')).toEqual([{ column: 9, message: "division by zero: '0' is 0" }]);
    expect(issues('arrests / (2 - 2)')).toEqual([{ column: 9, message: "division by zero: '2 - 2' is 0" }]);
    expect(issues('arrests / 0.5')).toEqual([]);
  });

  it('reports every problem of a formula', () => {
    expect(issues('arest + drug_seizures[drug=heroin] / 0 + population * arrests')).toHaveLength(3);
  });
});

describe('formulaUnit', () => {
  const unit = (text: string): unknown => formulaUnit(parseFormula(text), ELEMENTS);

  it('is the unit of the elements read, scaled by numbers', () => {
    expect(unit('homicide_victims')).toBe('persons');
    expect(unit('drug_seizures[drug=heroin] * 1000')).toBe('kg');
    expect(unit('2 * prevention_centres')).toBe('centres');
    expect(unit('firearms_marked + firearms_destroyed')).toBe('firearms');
    expect(unit('trust_police_share')).toBe('percent');
    expect(unit('-arrests / 2')).toBe('persons');
  });

  it('is null for numbers only or an unknown element', () => {
    expect(unit('2 * 3')).toBeNull();
    expect(unit('nothing_here')).toBeNull();
  });
});

describe('formulaReferences', () => {
  it('lists each element and canonical key once, in order of appearance', () => {
    const ast = parseFormula(
      'prisoners[sex=F,offence=drug] + prisoners[offence=drug, sex=F] - prisoners + 2 * arrests',
    );
    expect(formulaReferences(ast)).toEqual([
      { element: 'prisoners', disaggregation: 'offence=drug;sex=F' },
      { element: 'prisoners', disaggregation: '' },
      { element: 'arrests', disaggregation: '' },
    ]);
  });
});

describe('evaluateFormula', () => {
  const values = new Map<string, number>([
    ['homicide_victims|', 120],
    ['homicide_victims|weapon=firearm', 90],
    ['prisoners|offence=drug;sex=F', 30],
    ['prisoners|sex=F', 200],
    ['population|', 1_000_000],
  ]);
  const lookup = (element: string, key: string): number | undefined => values.get(`${element}|${key}`);
  const evaluate = (text: string): number | undefined => evaluateFormula(parseFormula(text), lookup);

  it('computes with the usual precedence', () => {
    expect(evaluate('homicide_victims[weapon=firearm] * 100')).toBe(9000);
    expect(evaluate('homicide_victims - homicide_victims[weapon=firearm]')).toBe(30);
    expect(evaluate('prisoners[sex=F,offence=drug] + 2 * 5')).toBe(40);
    expect(evaluate('(prisoners[sex=F] - 100) / 4')).toBe(25);
    expect(evaluate('-population / 1e6')).toBe(-1);
    expect(evaluate('2 - 3 - 4')).toBe(-5);
    expect(evaluate('8 / 4 / 2')).toBe(1);
  });

  it('is undefined when a value is missing or the result is not finite', () => {
    expect(evaluate('homicide_victims[weapon=sharp_object]')).toBeUndefined();
    expect(evaluate('population + arrests')).toBeUndefined();
    expect(evaluate('homicide_victims / 0')).toBeUndefined();
  });

  it('computes an indicator for one breakdown', () => {
    const numerator = parseFormula('homicide_victims');
    const denominator = parseFormula('population');
    const byWeapon = disaggregateFormula(numerator, [['weapon', 'firearm']], ELEMENTS);
    expect(formatFormula(byWeapon)).toBe('homicide_victims[weapon=firearm]');
    // population is not broken down by weapon: its total stays
    expect(disaggregateFormula(denominator, [['weapon', 'firearm']], ELEMENTS)).toBe(denominator);
    expect(
      formatFormula(
        disaggregateFormula(
          parseFormula('prisoners[sex=F]'),
          [
            ['offence', 'drug'],
            ['sex', 'F'],
          ],
          ELEMENTS,
        ),
      ),
    ).toBe('prisoners[sex=F,offence=drug]');
    expect(() => disaggregateFormula(parseFormula('prisoners[sex=F]'), [['sex', 'M']], ELEMENTS)).toThrow(
      /fixed to sex=F/,
    );
    expect((evaluateFormula(byWeapon, lookup)! / evaluateFormula(denominator, lookup)!) * 100_000).toBe(9);
  });
});

describe('formatFormula', () => {
  it.each([
    ['a+b*c', 'a + b * c'],
    ['(a+b)*c', '(a + b) * c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['a-(b+c)', 'a - (b + c)'],
    ['(a-b)-c', 'a - b - c'],
    ['a/(b*c)', 'a / (b * c)'],
    ['-(a+b)', '-(a + b)'],
    ['-a*b', '-a * b'],
    ['-(a*b)', '-(a * b)'],
    ['a - -b', 'a - -b'],
    ['--2', '--2'],
    ['x[sex=F , age_group=60+]', 'x[sex=F,age_group=60+]'],
    ['1e21 + 0.000001 + 1e-7', '1e+21 + 0.000001 + 1e-7'],
  ])('formats %j as %j', (text, formatted) => {
    expect(formatFormula(parseFormula(text))).toBe(formatted);
  });

  const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/);
  const dimension = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  const category = fc.stringMatching(/^[A-Za-z0-9_.+-]{1,6}$/);
  const numberNode = fc
    .oneof(fc.nat(), fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }))
    .map((value): FormulaNode => ({ kind: 'number', value: value === 0 ? 0 : value, column: 0 }));
  const refNode = fc
    .tuple(identifier, fc.uniqueArray(fc.tuple(dimension, category), { selector: ([d]) => d, maxLength: 3 }))
    .map(([element, pairs]): FormulaNode => ({
      kind: 'ref',
      element,
      filter: pairs.map(([d, c]) => ({ dimension: d, category: c, column: 0 })),
      column: 0,
    }));
  const { node } = fc.letrec<{ node: FormulaNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 8, depthSize: 'small' },
      numberNode,
      refNode,
      fc.record({
        kind: fc.constant('negate' as const),
        operand: tie('node'),
        column: fc.constant(0),
      }),
      fc.record({
        kind: fc.constant('binary' as const),
        operator: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const),
        left: tie('node'),
        right: tie('node'),
        column: fc.constant(0),
      }),
    ),
  }));

  it('parsing the formatted text of a random AST gives back the same AST (property)', () => {
    fc.assert(
      fc.property(node, (ast) => {
        const text = formatFormula(ast);
        const parsed = parseFormula(text);
        expect(shape(parsed)).toEqual(shape(ast));
        expect(formatFormula(parsed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
