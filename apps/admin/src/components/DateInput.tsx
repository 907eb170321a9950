import { useEffect, useId, useRef, useState } from 'react';
import { useI18n, type Lang } from '../lib/i18n';

// A native <input type="date"> is written in the browser's language, not the app's: a zh
// user on an English browser would read mm/dd/yyyy. This field is typed and shown in the
// app's language — zh 年/月/日 (2026/12/03, also 2026-12-03 or 2026年12月3日), en
// day/month/year (03/12/2026, the en-GB order of the app's other dates) — and hands
// the page an ISO value (YYYY-MM-DD, or YYYY-MM-DDTHH:mm with `withTime`).

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO value written the way `lang` writes dates. */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return '';
  const [, y, mo, d, h, mi] = m;
  const date = lang === 'zh' ? `${y}/${mo}/${d}` : `${d}/${mo}/${y}`;
  return h ? `${date} ${h}:${mi}` : date;
}

/** What was typed as an ISO value, or null when it is not a date of the calendar. */
export function parseDate(text: string, lang: Lang, withTime: boolean): string | null {
  const t = text.trim();
  const time = withTime ? '(?:\\s+(\\d{1,2}):(\\d{2}))' : '';
  let y: number,
    mo: number,
    d: number,
    h = 0,
    mi = 0;
  const iso = new RegExp(`^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?${time}$`).exec(t);
  const dmy = new RegExp(`^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})${time}$`).exec(t);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    [h, mi] = [Number(iso[4] ?? -1), Number(iso[5] ?? -1)];
  } else if (dmy && lang === 'en') {
    [d, mo, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    [h, mi] = [Number(dmy[4] ?? -1), Number(dmy[5] ?? -1)];
  } else return null;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return null;
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  if (!withTime) return day;
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return null;
  return `${day}T${pad(h)}:${pad(mi)}`;
}

export function DateInput({
  value,
  onChange,
  required,
  withTime = false,
  'aria-label': ariaLabel,
}: {
  /** ISO: YYYY-MM-DD, or YYYY-MM-DDTHH:mm with `withTime`; '' when empty. */
  value: string;
  onChange: (iso: string) => void;
  required?: boolean;
  withTime?: boolean;
  'aria-label'?: string;
}) {
  const { lang, t } = useI18n();
  const hintId = useId();
  const [text, setText] = useState(() => formatDate(value, lang));
  const [invalid, setInvalid] = useState(false);

  // A value set by the page (a reset, a default) or a change of language rewrites the text;
  // what the user is typing stays as typed while it means the same date.
  const shownIn = useRef(lang);
  useEffect(() => {
    const relang = shownIn.current !== lang;
    shownIn.current = lang;
    setText((current) =>
      !relang && value && parseDate(current, lang, withTime) === value
        ? current
        : formatDate(value, lang),
    );
    setInvalid(false);
  }, [value, lang, withTime]);

  const pattern = withTime ? t('date.formatTime') : t('date.format');
  return (
    <>
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        placeholder={pattern}
        required={required}
        aria-label={ariaLabel}
        aria-invalid={invalid}
        aria-describedby={hintId}
        data-date-input={lang}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (!next.trim()) {
            setInvalid(false);
            onChange('');
            return;
          }
          const iso = parseDate(next, lang, withTime);
          setInvalid(iso === null);
          if (iso !== null) onChange(iso);
        }}
      />
      <small id={hintId} className={invalid ? 'error-text' : 'muted'}>
        {invalid ? t('date.invalid', { format: pattern }) : pattern}
      </small>
    </>
  );
}
