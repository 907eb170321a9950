/** Masking for previews: enough to recognise the kind of value, not the person. */
import type { PiiType } from './types.js';

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

const COMPOUND =
  /^(欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|轩辕|令狐|端木|西门|南宫|独孤|呼延|赫连|澹台|申屠|钟离|闻人|万俟|司空)/;

/**
 * Masks one value of `type`: `420107********123X`, `138****5678`, `6222 **** **** 1234`
 * style digits, `z***@example.com`, `张*`, `北京市朝阳区****`, `192.168.*.*`.
 */
export function maskValue(type: PiiType, value: string): string {
  const v = value.trim();
  switch (type) {
    case 'CN_RESIDENT_ID':
      return v.length === 18
        ? v.slice(0, 6) + stars(8) + v.slice(14).toUpperCase()
        : stars(v.length);
    case 'CN_MOBILE': {
      const d = v.replace(/\D/g, '').slice(-11);
      return d.length === 11 ? `${d.slice(0, 3)}****${d.slice(7)}` : stars(v.length);
    }
    case 'BANK_CARD': {
      const d = v.replace(/\D/g, '');
      return d.slice(0, 4) + stars(d.length - 8) + d.slice(-4);
    }
    case 'EMAIL': {
      const at = v.indexOf('@');
      return at > 0 ? `${v[0]}***${v.slice(at)}` : stars(v.length);
    }
    case 'CN_PASSPORT':
    case 'STOCK_ACCOUNT':
      return v.length > 4 ? v[0] + stars(v.length - 3) + v.slice(-2) : stars(v.length);
    case 'PERSON_NAME': {
      if (/^[\u4e00-\u9fff]+$/.test(v)) {
        const m = COMPOUND.exec(v);
        const keep = m ? 2 : 1;
        return v.slice(0, keep) + stars(v.length - keep);
      }
      const sp = v.indexOf(' ');
      return sp > 0 ? `${v[0]}. ${v.slice(sp + 1, sp + 2)}***` : `${v[0]}***`;
    }
    case 'ADDRESS': {
      const m = /^.*?(?:区|县|市)/.exec(v);
      return (m ? m[0] : '') + '****';
    }
    case 'IP_ADDRESS': {
      const p = v.split('.');
      return p.length === 4 ? `${p[0]}.${p[1]}.*.*` : stars(v.length);
    }
    case 'PSEUDONYMOUS_ID':
      return v.slice(0, 6) + '…';
    case 'BIRTH_DATE':
      return /^\d{4}/.test(v) ? `${v.slice(0, 4)}-**-**` : '****';
    case 'POSTAL_CODE':
      return v.slice(0, 2) + stars(v.length - 2);
    case 'CN_USCC':
      return v; // enterprise information, not personal
    default:
      return stars(Math.min(v.length, 8));
  }
}
