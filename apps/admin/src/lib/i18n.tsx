import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { en, zh, type Messages } from './messages';

export type Lang = 'en' | 'zh';
const STORAGE_KEY = 'eastlake.lang';
const dictionaries: Record<Lang, Messages> = { en, zh };

export type MessageKey = keyof Messages;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

function initialLang(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // storage unavailable: fall through to the browser's language
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Formats a date-time for the current language. */
  dateTime: (iso: string | number) => string;
  number: (n: number) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = dictionaries[lang]['app.title'];
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted; still switched for this page
    }
  }, []);
  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[lang];
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    const dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    const nf = new Intl.NumberFormat(locale);
    return {
      lang,
      setLang,
      t: (key, params) => {
        const text: string = dict[key] ?? en[key] ?? key;
        return params
          ? text.replace(/\{(\w+)\}/g, (m, name: string) =>
              name in params ? String(params[name]) : m,
            )
          : text;
      },
      dateTime: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? String(iso) : dtf.format(d);
      },
      number: (n) => nf.format(n),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
