import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** The JWT secret used when none is configured; refused with NODE_ENV=production. */
export const DEFAULT_JWT_SECRET = 'eastlake-development-secret-change-me';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int()
      .min(0)
      .max(65535, 'must be a port number between 0 and 65535')
      .default(4000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    EASTLAKE_DATA_DIR: z.string().default('.eastlake'),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEFAULT_JWT_SECRET),
    JWT_TTL_SECONDS: z.coerce.number().int().positive().default(12 * 3600),
    SEED_DEMO: booleanString.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SCRYPT_COST: z.coerce
      .number()
      .int()
      .refine((n) => n >= 1024 && (n & (n - 1)) === 0, 'must be a power of two ≥ 1024')
      .default(32768),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(10),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().positive().default(15),
    GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(5000),
    LEDGER_SIGNING_KEY: z
      .string()
      .includes('PRIVATE KEY', { message: 'must be an Ed25519 private key in PKCS#8 PEM form' })
      .optional(),
    LEDGER_SIGNING_KEY_FILE: z.string().optional(),
    LEDGER_ORIGIN: z.string().regex(/^[^\s+]+$/, 'must be non-empty, without spaces or "+" (e.g. eastlake.local/ledger)').default('eastlake.local/ledger'),
    LEDGER_WITNESSES: z.string().optional(),
    LEDGER_WITNESS_QUORUM: z.coerce.number({ error: 'must be a number of witnesses' }).int().min(0).optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
    EASTLAKE_STORAGE_DIR: z.string().optional(),
    UPLOAD_MAX_BYTES: z.coerce
      .number({ error: 'must be a number of bytes' })
      .int()
      .positive('must be a positive number of bytes')
      .default(2 * 1024 ** 3),
    UPLOAD_IDLE_TIMEOUT_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(100, 'must be at least 100 ms')
      .default(30_000),
    TRUST_PROXY: z
      .string()
      .regex(
        /^(true|false|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)(\s*,\s*|$))+)$/,
        'must be true, false, a number of proxy hops, or a comma-separated list of addresses/subnets (loopback, uniquelocal, 10.0.0.0/8, …)',
      )
      .optional(),
    CLASSIFICATION_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
    CLASSIFICATION_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
    /** Embedded (no REDIS_URL): classification jobs run side by side in the API process; default one per core, at most 2. */
    CLASSIFICATION_CONCURRENCY: z.coerce.number().int().min(1).max(16).optional(),
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or -').default('eastlake'),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.JWT_SECRET === DEFAULT_JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'must be set to a secret of your own when NODE_ENV=production',
      });
    }
    if (env.DATABASE_URL && !env.LEDGER_SIGNING_KEY && !env.LEDGER_SIGNING_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['LEDGER_SIGNING_KEY'],
        message: 'or LEDGER_SIGNING_KEY_FILE must hold the Ed25519 key that signs tree heads when NODE_ENV=production',
      });
    }
    if (env.SEED_DEMO === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEED_DEMO'],
        message: 'demo accounts are never seeded when NODE_ENV=production',
      });
    }
  });


/**
 * The configuration, declared once: the environment's schema and what it becomes. `AppConfig`
 * is derived from it, so a setting is named, validated, defaulted and typed in one place.
 */
export const configSchema = envSchema.transform((e) => {
  const production = e.NODE_ENV === 'production';
  return {
    nodeEnv: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST,
    /** PostgreSQL URL; undefined means embedded PGlite under `dataDir`. */
    databaseUrl: e.DATABASE_URL,
    /** Embedded data folder (PGlite, uploads, keys); `memory://` keeps PGlite in memory. */
    dataDir: e.EASTLAKE_DATA_DIR === 'memory://' ? 'memory://' : resolve(e.EASTLAKE_DATA_DIR),
    jwtSecret: e.JWT_SECRET,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    // Demo accounts: on by default in embedded mode, opt-in with a server database, never in production.
    seedDemo: !production && (e.SEED_DEMO ?? e.DATABASE_URL === undefined),
    logLevel: e.LOG_LEVEL,
    scryptCost: e.SCRYPT_COST,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    graphqlMaxDepth: e.GRAPHQL_MAX_DEPTH,
    graphqlMaxAliases: e.GRAPHQL_MAX_ALIASES,
    graphqlMaxCost: e.GRAPHQL_MAX_COST,
    /** Ed25519 PKCS#8 PEM that signs tree heads, from LEDGER_SIGNING_KEY or LEDGER_SIGNING_KEY_FILE. */
    ledgerSigningKey: e.LEDGER_SIGNING_KEY,
    ledgerSigningKeyFile: e.LEDGER_SIGNING_KEY_FILE ? resolve(e.LEDGER_SIGNING_KEY_FILE) : undefined,
    /** C2SP checkpoint origin (and note key name) of the ledger. */
    ledgerOrigin: e.LEDGER_ORIGIN,
    /** Witnesses as `<url> <verifier key>` pairs separated by commas or newlines (parsed by the ledger module). */
    ledgerWitnesses: e.LEDGER_WITNESSES,
    /** Cosignatures a checkpoint needs to be published (default: every configured witness). */
    ledgerWitnessQuorum: e.LEDGER_WITNESS_QUORUM,
    /** Redis for the classification queue (BullMQ); unset runs jobs in-process. */
    redisUrl: e.REDIS_URL,
    /** Local directory for uploaded files. */
    storageDir: e.EASTLAKE_STORAGE_DIR
      ? resolve(e.EASTLAKE_STORAGE_DIR)
      : e.EASTLAKE_DATA_DIR === 'memory://'
        ? join(tmpdir(), `eastlake-files-${process.pid}`)
        : join(resolve(e.EASTLAKE_DATA_DIR), 'files'),
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    /** An upload that sends no byte for this long is answered 400 (a client that declared more than it sends). */
    uploadIdleTimeoutMs: e.UPLOAD_IDLE_TIMEOUT_MS,
    /** Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client IP (login limits, logs). */
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    /** How long a worker holds a job before another may take it over (BullMQ lock). */
    classificationLockMs: e.CLASSIFICATION_LOCK_MS,
    classificationAttempts: e.CLASSIFICATION_ATTEMPTS,
    // Each job has a worker thread: one per core, at most two, by default.
    classificationConcurrency: e.CLASSIFICATION_CONCURRENCY ?? Math.max(1, Math.min(2, availableParallelism())),
    /** Key prefix of the BullMQ queue in Redis (separates deployments sharing a Redis). */
    redisPrefix: e.REDIS_PREFIX,
    /** A PostgreSQL schema to keep this deployment's tables in (tests isolate files with it). */
    databaseSchema: e.DATABASE_SCHEMA,
  };
});

/** The validated configuration (derived from {@link configSchema}). */
export type AppConfig = z.output<typeof configSchema>;

/** TRUST_PROXY as Express takes it: unset is false (the socket's address is the client's). */
function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Thrown for configuration a person must fix; `main` prints its message as one line. */
export class ConfigError extends Error {}

/**
 * Reads and validates configuration from the environment.
 * @throws ConfigError naming every bad variable in one line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set" (`FOO= cmd`), as shells and compose files use it.
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
