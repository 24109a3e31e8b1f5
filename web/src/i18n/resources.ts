/**
 * Every message namespace, by language. A page's messages live beside it in its own file; adding
 * a page adds one import and one entry to NAMESPACES.
 */
import { approval } from '../pages/approval/approval.messages.ts';
import { diagnosis } from '../pages/diagnosis/diagnosis.messages.ts';
import { imports } from '../pages/imports/imports.messages.ts';
import { quality } from '../pages/quality/quality.messages.ts';
import { explorer } from '../pages/explorer/explorer.messages.ts';
import { indicators } from '../pages/indicators/indicators.messages.ts';
import { interventions } from '../pages/interventions/interventions.messages.ts';
import { overview } from '../pages/overview/overview.messages.ts';
import { profile } from '../pages/profile/profile.messages.ts';
import { common } from './common.messages.ts';
import { LANGUAGES, type Language } from './languages.ts';

const NAMESPACES = {
  common,
  overview,
  indicators,
  explorer,
  profile,
  diagnosis,
  interventions,
  imports,
  quality,
  approval,
} as const;

type Namespaces = typeof NAMESPACES;

export const resources = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    Object.fromEntries(Object.entries(NAMESPACES).map(([name, texts]) => [name, texts[language]])),
  ]),
) as { readonly [L in Language]: { readonly [N in keyof Namespaces]: Namespaces[N][L] } };

export type Namespace = keyof Namespaces;
