import { configureLocalization } from '@lit/localize';

/** Languages LeadLoop ships strings for; English is the source. */
export const TARGET_LOCALES = ['de'] as const;

const localization = configureLocalization({
  sourceLocale: 'en',
  targetLocales: TARGET_LOCALES,
  // German strings load on demand, so an English page never downloads them.
  loadLocale: () => import('../locales/de.js'),
});

/** The language LeadLoop's strings are shown in. */
export const getLocale = localization.getLocale;

/**
 * Switches every LeadLoop element's strings ('en' or 'de'; other languages fall back to English,
 * regional variants like 'de-AT' to their base). Numbers and dates follow each element's `lang`.
 */
export function setLocale(lang: string): Promise<void> {
  const base = lang.toLowerCase().split('-')[0]!;
  return localization.setLocale((TARGET_LOCALES as readonly string[]).includes(base) ? base : 'en');
}
