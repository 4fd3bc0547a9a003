import { databaseUrl } from '@custodian/migrations';
import { resolveAuditKey } from './audit/key';

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

/** Cost limits per operation (0 switches a limit off); see api/src/limits. */
export interface LimitsConfig {
  maxDepth: number;
  /** Objects a response may hold, list sizes multiplied (users / API tokens). */
  maxComplexity: number;
  maxTokenComplexity: number;
  maxAliases: number;
  maxRootFields: number;
  /**
   * Requests per rate window per bearer credential and per client IP. The defaults are flood guards
   * (a paging test suite or a BI walk stays well below them); lower them for public exposure.
   */
  ratePerToken: number;
  ratePerIp: number;
  rateWindowSeconds: number;
  /** How often each process adds its counts to the shared rate_counter table and reads the others'. */
  rateSyncMs: number;
}

/** Runtime configuration, read once from the environment. */
export interface Config {
  /** One host, or several of one cluster (`mysql://u@h1:3307,h2:3308/db`): the API fails over along them. */
  databaseUrl: string;
  /** A replica for API tokens' list, aggregate and export reads (DATABASE_READ_URL); null: everything on databaseUrl. */
  databaseReadUrl: string | null;
  apiPort: number;
  apiHost: string;
  /** Minutes without a request after which a session token expires. */
  idleMinutes: number;
  /** Absolute lifetime of a session token, in hours. */
  sessionHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
  maxPageSize: number;
  maxTokenPageSize: number;
  /** Secret for keyed hashes of classified values in the audit log (audit/key.ts). */
  auditKey: string;
  /** What the start should say about the audit key (a generated key file), if anything. */
  auditKeyNotice: string | null;
  /**
   * Peers whose X-Forwarded-For is believed (Express `trust proxy`: `loopback`, addresses, CIDRs,
   * comma-separated; `false` for none). The web app forwards the address it saw from loopback.
   */
  trustProxy: string;
  /** `true`: anyone may introspect the schema; `authenticated`: signed-in users and API tokens; `false`: nobody. */
  introspection: 'true' | 'authenticated' | 'false';
  /** Send the SQL statement count of each request as `x-sql-statements` (tests, benchmarks). */
  sqlStatementsHeader: boolean;
  logLevel: string;
  /** Remind about access approvals (and own requests) waiting longer than this. */
  approvalRemindHours: number;
  /** "Remind me N days ahead" for follow-ups. */
  remindDaysAhead: number;
  limits: LimitsConfig;
}

function introspection(): Config['introspection'] {
  const raw = (process.env.GRAPHQL_INTROSPECTION ?? '').toLowerCase();
  if (raw === '') return process.env.NODE_ENV === 'production' ? 'authenticated' : 'true';
  if (raw === 'true' || raw === 'authenticated' || raw === 'false') return raw;
  throw new Error(`GRAPHQL_INTROSPECTION must be true, authenticated or false, got "${process.env.GRAPHQL_INTROSPECTION}"`);
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const key = overrides.auditKey ? { key: overrides.auditKey, notice: null } : resolveAuditKey();
  return {
    databaseUrl: databaseUrl(),
    databaseReadUrl: process.env.DATABASE_READ_URL || null,
    apiPort: num('API_PORT', 4000),
    apiHost: process.env.API_HOST || '127.0.0.1',
    idleMinutes: num('IDLE_TIMEOUT_MINUTES', 30),
    sessionHours: num('SESSION_TTL_HOURS', 12),
    maxFailedLogins: num('MAX_FAILED_LOGINS', 5),
    lockMinutes: num('LOCK_MINUTES', 15),
    maxPageSize: num('MAX_PAGE_SIZE', 500),
    maxTokenPageSize: num('MAX_TOKEN_PAGE_SIZE', 5000),
    auditKey: key.key,
    auditKeyNotice: key.notice,
    trustProxy: process.env.TRUST_PROXY || 'loopback',
    introspection: introspection(),
    sqlStatementsHeader: process.env.SQL_STATEMENTS_HEADER === 'true',
    logLevel: process.env.LOG_LEVEL || 'info',
    approvalRemindHours: num('APPROVAL_REMIND_HOURS', 24),
    remindDaysAhead: num('REMIND_DAYS_AHEAD', 3),
    limits: {
      maxDepth: num('LIMIT_MAX_DEPTH', 12),
      maxComplexity: num('LIMIT_MAX_COMPLEXITY', 500_000),
      maxTokenComplexity: num('LIMIT_MAX_TOKEN_COMPLEXITY', 2_000_000),
      maxAliases: num('LIMIT_MAX_ALIASES', 40),
      maxRootFields: num('LIMIT_MAX_ROOT_FIELDS', 30),
      ratePerToken: num('RATE_LIMIT_PER_TOKEN', 10_000),
      ratePerIp: num('RATE_LIMIT_PER_IP', 30_000),
      rateWindowSeconds: num('RATE_LIMIT_WINDOW_SECONDS', 60),
      rateSyncMs: num('RATE_LIMIT_SYNC_MS', 250),
    },
    ...overrides,
  };
}
