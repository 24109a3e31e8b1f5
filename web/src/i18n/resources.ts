/** Every message namespace, by language. A page's messages live beside it in its own file. */
import { common } from './common.messages.ts';
import { overview } from '../pages/overview/overview.messages.ts';
import { indicators } from '../pages/indicators/indicators.messages.ts';
import { interventions } from '../pages/interventions/interventions.messages.ts';

export const resources = {
  en: {
    common: common.en,
    overview: overview.en,
    indicators: indicators.en,
    interventions: interventions.en,
  },
  es: {
    common: common.es,
    overview: overview.es,
    indicators: indicators.es,
    interventions: interventions.es,
  },
  pt: {
    common: common.pt,
    overview: overview.pt,
    indicators: indicators.pt,
    interventions: interventions.pt,
  },
  fr: {
    common: common.fr,
    overview: overview.fr,
    indicators: indicators.fr,
    interventions: interventions.fr,
  },
} as const;

export type Namespace = keyof (typeof resources)['en'];
