import { databaseUrl } from '@custodian/migrations';

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

/** Runtime configuration, read once from the environment. */
export interface Config {
  databaseUrl: string;
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
  /** Secret for keyed hashes of classified values in the audit log. */
  auditKey: string;
  logLevel: string;
  /** Remind about access approvals (and own requests) waiting longer than this. */
  approvalRemindHours: number;
  /** "Remind me N days ahead" for follow-ups. */
  remindDaysAhead: number;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: databaseUrl(),
    apiPort: num('API_PORT', 4000),
    apiHost: process.env.API_HOST || '127.0.0.1',
    idleMinutes: num('IDLE_TIMEOUT_MINUTES', 30),
    sessionHours: num('SESSION_TTL_HOURS', 12),
    maxFailedLogins: num('MAX_FAILED_LOGINS', 5),
    lockMinutes: num('LOCK_MINUTES', 15),
    maxPageSize: num('MAX_PAGE_SIZE', 500),
    maxTokenPageSize: num('MAX_TOKEN_PAGE_SIZE', 5000),
    auditKey: process.env.AUDIT_HMAC_KEY || 'custodian-dev-audit-key',
    logLevel: process.env.LOG_LEVEL || 'info',
    approvalRemindHours: num('APPROVAL_REMIND_HOURS', 24),
    remindDaysAhead: num('REMIND_DAYS_AHEAD', 3),
    ...overrides,
  };
}
