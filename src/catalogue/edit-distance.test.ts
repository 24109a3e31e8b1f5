import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './edit-distance.ts';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['homicide_victim', 'homicide_victims', 1],
    ['arests', 'arrests', 1],
    ['flaw', 'lawn', 2],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestMatch', () => {
  const codes = ['arrests', 'population', 'police_officers', 'prisoners'];

  it('suggests the closest plausible code, ignoring case', () => {
    expect(closestMatch('arests', codes)).toBe('arrests');
    expect(closestMatch('Population', codes)).toBe('population');
    expect(closestMatch('police_oficers', codes)).toBe('police_officers');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestMatch('xyzzy', codes)).toBeUndefined();
    expect(closestMatch('arrests', [])).toBeUndefined();
  });

  it('breaks ties alphabetically', () => {
    expect(closestMatch('ab', ['ac', 'aa'])).toBe('aa');
  });
});
