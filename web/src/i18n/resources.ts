/** Every message namespace, by language. A page's messages live beside it in its own file. */
import { common } from './common.messages.ts';
import { overview } from '../pages/overview/overview.messages.ts';
import { indicators } from '../pages/indicators/indicators.messages.ts';
import { profile } from '../pages/profile/profile.messages.ts';

export const resources = {
  en: { common: common.en, overview: overview.en, indicators: indicators.en, profile: profile.en },
  es: { common: common.es, overview: overview.es, indicators: indicators.es, profile: profile.es },
  pt: { common: common.pt, overview: overview.pt, indicators: indicators.pt, profile: profile.pt },
  fr: { common: common.fr, overview: overview.fr, indicators: indicators.fr, profile: profile.fr },
} as const;

export type Namespace = keyof (typeof resources)['en'];
