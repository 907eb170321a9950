import { NoteSignatureType, parseVerifierKey, type NoteVerifierKey } from '@eastlake/ledger';
import { ConfigError } from '../../config/config.js';

/** A witness the ledger pushes its checkpoints to (C2SP tlog-witness). */
export interface LedgerWitness {
  /** Submission prefix: the checkpoint is POSTed to `<url>/add-checkpoint`. */
  url: string;
  /** Its cosignature verifier key (`<name>+<id>+<base64(0x04 ‖ key)>`). */
  verifierKey: string;
  key: NoteVerifierKey;
}

/**
 * Parses `LEDGER_WITNESSES`: entries separated by commas or newlines, each
 * `<http(s) URL> <verifier key>`; and checks `LEDGER_WITNESS_QUORUM` against them
 * (default: every witness).
 * @throws ConfigError naming the bad entry.
 */
export function parseLedgerWitnesses(raw: string | undefined, quorum: number | undefined): { witnesses: LedgerWitness[]; quorum: number } {
  const entries = (raw ?? '').split(/[,\n]/).map((e) => e.trim()).filter((e) => e.length > 0);
  const witnesses = entries.map((entry, i) => {
    const [url, verifierKey, ...rest] = entry.split(/\s+/);
    const where = `LEDGER_WITNESSES entry ${i + 1}`;
    if (!/^https?:\/\/[^\s]+$/.test(url ?? '') || !verifierKey || rest.length > 0) {
      throw new ConfigError(`invalid configuration: ${where} must be "<http(s) URL> <witness verifier key>"`);
    }
    let key: NoteVerifierKey;
    try {
      key = parseVerifierKey(verifierKey);
    } catch (error) {
      throw new ConfigError(`invalid configuration: ${where}: ${(error as Error).message}`);
    }
    if (key.type !== NoteSignatureType.COSIGNATURE_V1) {
      throw new ConfigError(`invalid configuration: ${where}: the key of a witness is a cosignature/v1 (0x04) key`);
    }
    return { url: url.replace(/\/+$/, ''), verifierKey, key };
  });
  const names = new Set(witnesses.map((w) => `${w.key.name}+${w.key.keyId}`));
  if (names.size !== witnesses.length) throw new ConfigError('invalid configuration: LEDGER_WITNESSES lists a witness key twice');
  const q = quorum ?? witnesses.length;
  if (q > witnesses.length) {
    throw new ConfigError(`invalid configuration: LEDGER_WITNESS_QUORUM ${q} is more than the ${witnesses.length} witnesses configured`);
  }
  return { witnesses, quorum: q };
}
