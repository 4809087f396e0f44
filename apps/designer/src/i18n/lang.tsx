import { createContext, useCallback, useContext } from 'react';
import { translate, type Lang, type MessageKey, type Params } from './messages.js';

export const LangContext = createContext<Lang>('vi');
/** Switches the language (the header's button); a no-op outside the app. */
export const SetLangContext = createContext<(lang: Lang) => void>(() => undefined);

/** The current language and a translator bound to it. */
export function useT(): { lang: Lang; t: (key: MessageKey, params?: Params) => string; pick: (text: { vi: string; en: string } | undefined, fallback?: string) => string } {
  const lang = useContext(LangContext);
  const t = useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
  const pick = useCallback((text: { vi: string; en: string } | undefined, fallback = '') => text?.[lang] ?? fallback, [lang]);
  return { lang, t, pick };
}

/** Dates as people of the chosen language read them. */
export const formatTime = (lang: Lang, iso: string | undefined): string => (iso ? new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') : '—');

/** A duration in ms, s or min. */
export function formatDuration(from: string | undefined, to: string | undefined): string {
  if (!from || !to) return '—';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (ms < 1000) return `${ms} ms`;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}
