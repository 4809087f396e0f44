import { createContext, useCallback, useContext } from 'react';
import { translate, type Lang, type MessageKey, type Params } from './messages.js';

export const LangContext = createContext<Lang>('vi');

/** The current language and a translator bound to it. */
export function useT(): { lang: Lang; t: (key: MessageKey, params?: Params) => string; pick: (text: { vi: string; en: string } | undefined, fallback?: string) => string } {
  const lang = useContext(LangContext);
  const t = useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
  const pick = useCallback((text: { vi: string; en: string } | undefined, fallback = '') => text?.[lang] ?? fallback, [lang]);
  return { lang, t, pick };
}
