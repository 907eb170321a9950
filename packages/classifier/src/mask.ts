/** Masking for previews: enough to recognise the kind of value, not the person. */
import { typeDefinition } from './registry/type-registry.js';
import type { PiiType } from './types.js';

/**
 * Masks one value of `type` with the registry's mask: `420107********123X`, `138****5678`,
 * `6222 **** **** 1234` style digits, `z***@example.com`, `张*`, `北京市朝阳区****`, `192.168.*.*`.
 */
export function maskValue(type: PiiType, value: string): string {
  return typeDefinition(type).mask(value.trim());
}
