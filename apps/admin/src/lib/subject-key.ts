/**
 * Consent subject keys computed in the browser (Web Crypto): the lowercase hex SHA-256 of a
 * normalised direct identifier, exactly as CLASSIFIER.md "Consent" and the classifier's
 * `subjectKeyFor` define them. Identifiers never leave the page; only keys do, if the
 * provider uploads the manifest built from them.
 */
export const KEY_TYPES = ['CN_MOBILE', 'CN_RESIDENT_ID', 'EMAIL', 'BANK_CARD', 'CN_PASSPORT', 'STOCK_ACCOUNT'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** The 11 national digits of a mainland mobile, also after 86 / 0086; else null. */
function mobileDigits(digits: string): string | null {
  for (const prefix of ['', '86', '0086']) {
    if (digits.length === prefix.length + 11 && digits.startsWith(prefix)) {
      const national = digits.slice(prefix.length);
      if (/^1[3-9]\d{9}$/.test(national)) return national;
    }
  }
  return null;
}

/** Resident ID: 18 chars upper-case; mobile: its 11 digits; email: trimmed lower-case; card: digits only; passport and stock account: upper-case. */
export function normaliseIdentifier(type: KeyType, value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  switch (type) {
    case 'CN_RESIDENT_ID':
    case 'CN_PASSPORT':
    case 'STOCK_ACCOUNT':
      return v.toUpperCase();
    case 'EMAIL':
      return v.toLowerCase();
    case 'BANK_CARD':
      return v.replace(/\D/g, '') || null;
    case 'CN_MOBILE':
      return mobileDigits(v.replace(/\D/g, ''));
  }
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The subject key of one identifier, or null when it cannot be normalised as `type`. */
export async function subjectKey(type: KeyType, value: string): Promise<string | null> {
  const normalised = normaliseIdentifier(type, value);
  return normalised === null ? null : sha256Hex(normalised);
}

export const MANIFEST_HEADER = 'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at';

/** One manifest line per key: the purposes (`;`-separated), third-party consent, expiry. */
export function manifestCsv(keys: readonly string[], terms: { purposes: string[]; sensitiveSeparate: boolean; expiresAt: string }): string {
  const purposes = terms.purposes.map((p) => p.trim().toLowerCase()).filter(Boolean).join(';');
  const lines = keys.map((k) => `${k},${purposes},true,${terms.sensitiveSeparate},${terms.expiresAt},`);
  return [MANIFEST_HEADER, ...lines].join('\n') + '\n';
}

/** Offers `text` as a file download, built in the page. */
export function saveText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
