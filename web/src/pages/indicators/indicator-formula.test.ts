import { describe, expect, it } from 'vitest';
import { parseElementTerm } from './indicator-formula.ts';

describe('parseElementTerm', () => {
  it('reads an element with and without a breakdown', () => {
    expect(parseElementTerm('population')).toEqual({ element: 'population', filters: [] });
    expect(parseElementTerm('prisoners[offence=drug,sex=F]')).toEqual({
      element: 'prisoners',
      filters: [
        ['offence', 'drug'],
        ['sex', 'F'],
      ],
    });
    expect(() => parseElementTerm('bad term')).toThrow(/Not an element term/);
  });
});
