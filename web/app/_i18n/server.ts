import { cookies } from 'next/headers';
import { asLocale, Locale, LOCALE_COOKIE, translator, Translate } from './messages';

/** The locale chosen with the language switch (a cookie); zh-CN when none was chosen. */
export async function getLocale(): Promise<Locale> {
  return asLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getT(): Promise<Translate> {
  return translator(await getLocale());
}
