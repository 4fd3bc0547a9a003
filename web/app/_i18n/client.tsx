'use client';
import { createContext, ReactNode, useContext, useMemo } from 'react';
import { DEFAULT_LOCALE, Locale, LOCALE_COOKIE, translator, Translate } from './messages';

const I18nContext = createContext<{ locale: Locale; t: Translate }>({ locale: DEFAULT_LOCALE, t: translator(DEFAULT_LOCALE) });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export const useT = (): Translate => useContext(I18nContext).t;

/** Remembers the choice for a year; the caller refreshes the page to re-render in the new language. */
export function storeLocale(locale: Locale): void {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}
