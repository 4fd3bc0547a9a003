import { isLevel, Level, RoleName, RowScope } from '@custodian/schema';
import { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { Config } from '../config';
import { logger } from '../logger';
import { Actor } from './actor';
import { scopeOfRoles } from './policy';
import { SESSION_PREFIX, tokenHash } from './tokens';

export interface Authentication {
  actor: Actor | null;
  error: string | null;
}

interface SessionRow {
  sid: string; expires_at: Date; last_seen_at: Date; revoked_at: Date | null; uid: string; username: string; clearance: string;
  must_change_password: number | boolean; active: number | boolean; department_id: string | null; dept_path: string | null;
  role_name: RoleName | null; role_scope: RowScope | null;
}

/** How long a session may go unseen before last_seen_at is written again (keeps reads write-free). */
const TOUCH_AFTER_MS = 30_000;

async function authenticateSession(ds: DataSource, config: Config, clock: Clock, secret: string): Promise<Authentication> {
  const rows: SessionRow[] = await ds.query(
    `SELECT s.id AS sid, s.expires_at, s.last_seen_at, s.revoked_at, u.id AS uid, u.username, u.clearance,
            u.must_change_password, u.active, u.department_id, d.path AS dept_path, r.name AS role_name, r.scope AS role_scope
       FROM session s
       JOIN app_user u ON u.id = s.user_id AND u.deleted_at IS NULL
       LEFT JOIN department d ON d.id = u.department_id
       LEFT JOIN user_role ur ON ur.user_id = u.id
       LEFT JOIN role r ON r.id = ur.role_id
      WHERE s.token_hash = ?`,
    [tokenHash(secret)],
  );
  const s = rows[0];
  const now = clock.now();
  if (!s || s.revoked_at) return { actor: null, error: 'Your session has ended; sign in again' };
  if (!s.active) return { actor: null, error: 'This account is disabled' };
  if (new Date(s.expires_at) <= now) return { actor: null, error: 'Your session has expired; sign in again' };
  const idleMs = now.getTime() - new Date(s.last_seen_at).getTime();
  if (idleMs > config.idleMinutes * 60_000) {
    return { actor: null, error: `Your session expired after ${config.idleMinutes} minutes without activity; sign in again` };
  }
  if (idleMs > TOUCH_AFTER_MS) {
    ds.query('UPDATE session SET last_seen_at = ? WHERE id = ?', [now, s.sid])
      .catch((err: unknown) => logger.warn({ err }, 'could not record session activity'));
  }
  const roles = rows.filter((r) => r.role_name).map((r) => r.role_name as RoleName);
  return {
    actor: {
      kind: 'USER', userId: String(s.uid), username: s.username, sessionId: String(s.sid), tokenId: null, roles,
      scope: scopeOfRoles(rows.map((r) => r.role_scope).filter((x): x is RowScope => Boolean(x))),
      clearance: isLevel(s.clearance) ? s.clearance : Level.PUBLIC,
      departmentId: s.department_id ? String(s.department_id) : null, departmentPath: s.dept_path,
      mustChangePassword: Boolean(s.must_change_password),
    },
    error: null,
  };
}

/** Resolves a bearer secret to an actor, or says why it cannot. */
export async function authenticate(ds: DataSource, config: Config, clock: Clock, secret: string | null): Promise<Authentication> {
  if (!secret) return { actor: null, error: null };
  if (secret.startsWith(SESSION_PREFIX)) return authenticateSession(ds, config, clock, secret);
  return { actor: null, error: 'Unrecognised bearer token' };
}
