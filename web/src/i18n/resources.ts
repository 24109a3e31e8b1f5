/** Every message namespace, by language. A page's messages live beside it in its own file. */
import { common } from './common.messages.ts';
import { overview } from '../pages/overview/overview.messages.ts';
import { indicators } from '../pages/indicators/indicators.messages.ts';
import { explorer } from '../pages/explorer/explorer.messages.ts';

export const resources = {
  en: { common: common.en, overview: overview.en, indicators: indicators.en, explorer: explorer.en },
  es: { common: common.es, overview: overview.es, indicators: indicators.es, explorer: explorer.es },
  pt: { common: common.pt, overview: overview.pt, indicators: indicators.pt, explorer: explorer.pt },
  fr: { common: common.fr, overview: overview.fr, indicators: indicators.fr, explorer: explorer.fr },
} as const;

export type Namespace = keyof (typeof resources)['en'];
