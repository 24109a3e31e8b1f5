import { describe, expect, it } from 'vitest';
import { pickLanguage } from './languages.ts';

describe('pickLanguage', () => {
  it('prefers the link, then the remembered choice, then the browser, then English', () => {
    expect(pickLanguage('fr', 'es', ['pt-BR'])).toBe('fr');
    expect(pickLanguage(null, 'es', ['pt-BR'])).toBe('es');
    expect(pickLanguage('xx', null, ['de-DE', 'pt-BR'])).toBe('pt');
    expect(pickLanguage(null, 'zz', ['de'])).toBe('en');
  });
});
