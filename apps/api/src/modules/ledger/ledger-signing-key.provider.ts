import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateSigningKey, publicKeyPemOf, type SigningKey } from '@eastlake/ledger/node';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { ConfigError } from '../../config/config.js';

export const LEDGER_SIGNING_KEY = Symbol('LEDGER_SIGNING_KEY');

function fromPem(privateKeyPem: string, where: string): SigningKey {
  try {
    return { privateKeyPem, publicKeyPem: publicKeyPemOf(privateKeyPem) };
  } catch {
    throw new ConfigError(`invalid configuration: ${where} is not an Ed25519 private key in PKCS#8 PEM form`);
  }
}

/**
 * The key that signs tree heads: from configuration when given; in embedded mode
 * generated once and kept in the data folder (0600); otherwise (development servers)
 * generated per process, with a warning, since regulators cannot pin it.
 */
export function loadLedgerSigningKey(config: AppConfig, logger: Logger): SigningKey {
  if (config.ledgerSigningKey) return fromPem(config.ledgerSigningKey, 'LEDGER_SIGNING_KEY');
  if (config.ledgerSigningKeyFile) {
    let pem: string;
    try {
      pem = readFileSync(config.ledgerSigningKeyFile, 'utf8');
    } catch {
      throw new ConfigError(`invalid configuration: LEDGER_SIGNING_KEY_FILE ${config.ledgerSigningKeyFile} cannot be read`);
    }
    return fromPem(pem, 'LEDGER_SIGNING_KEY_FILE');
  }
  if (!config.databaseUrl && config.dataDir !== 'memory://') {
    const file = join(config.dataDir, 'ledger-signing-key.pem');
    if (existsSync(file)) return fromPem(readFileSync(file, 'utf8'), file);
    const key = generateSigningKey();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
    logger.info({ file }, 'generated the ledger signing key');
    return key;
  }
  if (config.databaseUrl) logger.warn('no LEDGER_SIGNING_KEY configured: tree heads are signed with a key generated for this process');
  return generateSigningKey();
}
