import { isLevel, Level, levelAtMost, RoleName, RowScope } from '@custodian/schema';
import { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { Config } from '../config';
import { logger } from '../logger';
import { Actor } from './actor';
import { tokenScope, usesGrants } from './duties';
import { scopeOfRoles } from './policy';
import { API_TOKEN_PREFIX, SESSION_PREFIX, tokenHash } from './tokens';

export interface Authentication {
  actor: Actor | null;
  error: string | null;
  /** Stored field-policy version, read with the credentials so overrides apply at once. */
  policyVersion: number;
}

/** How long credentials may go unseen before last_seen_at / last_used_at is written again. */
const TOUCH_AFTER_MS = 30_000;

const ACTOR_COLUMNS = `u.id AS uid, u.username, u.clearance, u.must_change_password, u.active, u.department_id, d.path AS dept_path,
  (SELECT pv.version FROM policy_version pv WHERE pv.id = 1) AS policy_version,
  EXISTS (SELECT 1 FROM customer cc WHERE cc.custodian_id = u.id AND cc.deleted_at IS NULL) AS is_custodian,
  EXISTS (SELECT 1 FROM access_grant g WHERE g.grantee_id = u.id AND g.returned_at IS NULL AND g.revoked_at IS NULL
          AND g.starts_at <= ? AND g.expires_at > ?) AS has_grants`;

interface ActorRow {
  uid: string; username: string; clearance: string; must_change_password: number | boolean; active: number | boolean;
  department_id: string | null; dept_path: string | null; policy_version: string | number | null; is_custodian: number | string;
  has_grants: number | string;
}

const level = (v: string): Level => (isLevel(v) ? v : Level.PUBLIC);
const lower = (a: Level, b: Level): Level => (levelAtMost(a, b) ? a : b);

/**
 * Records activity before the request goes on (at most every TOUCH_AFTER_MS): a write left running
 * could land after the client's next request and let an active session look idle.
 */
async function touch(ds: DataSource, sql: string, params: unknown[]): Promise<void> {
  await ds.query(sql, params).catch((err: unknown) => logger.warn({ err }, 'could not record credential activity'));
}

function baseActor(r: ActorRow): Omit<Actor, 'kind' | 'sessionId' | 'tokenId' | 'roles' | 'scope'> {
  return {
    userId: String(r.uid), username: r.username, clearance: level(r.clearance),
    departmentId: r.department_id ? String(r.department_id) : null, departmentPath: r.dept_path,
    mustChangePassword: Boolean(Number(r.must_change_password)), isCustodian: Boolean(Number(r.is_custodian)),
    hasGrants: Boolean(Number(r.has_grants)), grantCustomerIds: [],
  };
}

async function authenticateSession(ds: DataSource, config: Config, clock: Clock, secret: string): Promise<Authentication> {
  const now = clock.now();
  type Row = ActorRow & { sid: string; expires_at: Date; last_seen_at: Date; revoked_at: Date | null; role_name: RoleName | null; role_scope: RowScope | null };
  const rows: Row[] = await ds.query(
    `SELECT s.id AS sid, s.expires_at, s.last_seen_at, s.revoked_at, r.name AS role_name, r.scope AS role_scope, ${ACTOR_COLUMNS}
       FROM session s
       JOIN app_user u ON u.id = s.user_id AND u.deleted_at IS NULL
       LEFT JOIN department d ON d.id = u.department_id
       LEFT JOIN user_role ur ON ur.user_id = u.id
       LEFT JOIN role r ON r.id = ur.role_id
      WHERE s.token_hash = ?`,
    [now, now, tokenHash(secret)],
  );
  const s = rows[0];
  const policyVersion = Number(s?.policy_version ?? 0);
  const refuse = (error: string): Authentication => ({ actor: null, error, policyVersion });
  if (!s || s.revoked_at) return refuse('Your session has ended; sign in again');
  if (!Number(s.active)) return refuse('This account is disabled');
  if (new Date(s.expires_at) <= now) return refuse('Your session has expired; sign in again');
  const idleMs = now.getTime() - new Date(s.last_seen_at).getTime();
  if (idleMs > config.idleMinutes * 60_000) return refuse(`Your session expired after ${config.idleMinutes} minutes without activity; sign in again`);
  if (idleMs > TOUCH_AFTER_MS) await touch(ds, 'UPDATE session SET last_seen_at = ? WHERE id = ?', [now, s.sid]);
  const roles = rows.filter((r) => r.role_name).map((r) => r.role_name as RoleName);
  const base = baseActor(s);
  return {
    actor: {
      ...base, kind: 'USER', sessionId: String(s.sid), tokenId: null, roles,
      scope: scopeOfRoles(rows.map((r) => r.role_scope).filter((x): x is RowScope => Boolean(x))),
      hasGrants: base.hasGrants && usesGrants(roles),
    },
    error: null,
    policyVersion,
  };
}

async function authenticateToken(ds: DataSource, clock: Clock, secret: string): Promise<Authentication> {
  const now = clock.now();
  type Row = ActorRow & {
    tid: string; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null; token_scope: RowScope; token_clearance: string;
    role_name: RoleName; creator_role: RoleName | null; creator_scope: RowScope | null;
  };
  const rows: Row[] = await ds.query(
    `SELECT t.id AS tid, t.expires_at, t.revoked_at, t.last_used_at, t.scope AS token_scope, t.clearance AS token_clearance,
            r.name AS role_name, cr.name AS creator_role, cr.scope AS creator_scope, ${ACTOR_COLUMNS}
       FROM api_token t
       JOIN app_user u ON u.id = t.user_id AND u.deleted_at IS NULL
       JOIN role r ON r.id = t.role_id
       LEFT JOIN department d ON d.id = u.department_id
       LEFT JOIN user_role cur ON cur.user_id = u.id
       LEFT JOIN role cr ON cr.id = cur.role_id
      WHERE t.token_hash = ?`,
    [now, now, tokenHash(secret)],
  );
  const t = rows[0];
  const policyVersion = Number(t?.policy_version ?? 0);
  const refuse = (error: string): Authentication => ({ actor: null, error, policyVersion });
  if (!t) return refuse('Unknown API token');
  if (t.revoked_at) return refuse('This API token has been revoked');
  if (new Date(t.expires_at) <= now) return refuse('This API token has expired');
  if (!Number(t.active)) return refuse('The account that created this API token is disabled');
  if (!t.last_used_at || now.getTime() - new Date(t.last_used_at).getTime() > TOUCH_AFTER_MS) {
    await touch(ds, 'UPDATE api_token SET last_used_at = ? WHERE id = ?', [now, t.tid]);
  }
  const base = baseActor(t);
  // Re-capped on every request by the creator's current roles, as clearance and permissions are.
  const scope = tokenScope(t.token_scope, rows.map((x) => x.creator_scope).filter((x): x is RowScope => Boolean(x)));
  return {
    actor: {
      ...base, kind: 'TOKEN', sessionId: null, tokenId: String(t.tid), roles: [t.role_name], scope,
      creatorRoles: rows.map((x) => x.creator_role).filter((x): x is RoleName => Boolean(x)),
      clearance: lower(level(t.token_clearance), base.clearance), mustChangePassword: false, hasGrants: false,
    },
    error: null,
    policyVersion,
  };
}

/** Resolves a bearer secret to an actor, or says why it cannot. */
export async function authenticate(ds: DataSource, config: Config, clock: Clock, secret: string | null): Promise<Authentication> {
  if (!secret) return { actor: null, error: null, policyVersion: -1 };
  if (secret.startsWith(SESSION_PREFIX)) return authenticateSession(ds, config, clock, secret);
  if (secret.startsWith(API_TOKEN_PREFIX)) return authenticateToken(ds, clock, secret);
  return { actor: null, error: 'Unrecognised bearer token', policyVersion: -1 };
}
