import { EntityManager, IsNull } from 'typeorm';
import { isLevel, Level, RoleName } from '@custodian/schema';
import { AccountFacts, assertMayTakeRoles, assertSeparationOfDuties, DutyObstacles } from '../../auth/duties';
import { badInput } from '../../errors';
import { ApiTokenEntity } from '../api-token/api-token.entity';
import { SessionEntity } from '../session/session.entity';
import { RoleEntity } from './role.entity';

/** Reading and writing an account's roles and credentials, shared by the administration and its approvals. */

export async function rolesOf(tx: EntityManager, userId: string): Promise<RoleName[]> {
  const rows: Array<{ name: RoleName }> = await tx.query(
    'SELECT r.name FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.name', [userId]);
  return rows.map((r) => r.name);
}

/** What else an account is that a duty role would conflict with (department head, custodian). */
export async function dutyObstacles(tx: EntityManager, userId: string): Promise<DutyObstacles> {
  const heads: Array<{ code: string }> = await tx.query('SELECT code FROM department WHERE head_user_id = ? AND deleted_at IS NULL', [userId]);
  const [kept]: Array<{ n: string | number }> = await tx.query(
    'SELECT COUNT(*) AS n FROM customer WHERE custodian_id = ? AND deleted_at IS NULL', [userId]);
  return { headOf: heads.map((h) => h.code), custodianOf: Number(kept?.n ?? 0) };
}

/** Checks a role set (三员分立, known roles, no duty role for heads and custodians) before it is stored or filed. */
export async function assertAssignableRoles(tx: EntityManager, userId: string | null, roles: RoleName[]): Promise<void> {
  assertSeparationOfDuties(roles);
  const known = await tx.getRepository(RoleEntity).createQueryBuilder('r').where('r.name IN (:...roles)', { roles: roles.length ? roles : [''] }).getCount();
  if (known !== new Set(roles).size) throw badInput('roles', 'Unknown role');
  if (userId) assertMayTakeRoles(roles, await dutyObstacles(tx, userId));
}

export async function setRoles(tx: EntityManager, userId: string, roles: RoleName[]): Promise<void> {
  await assertAssignableRoles(tx, userId, roles);
  await tx.query('DELETE FROM user_role WHERE user_id = ?', [userId]);
  for (const role of new Set(roles)) {
    await tx.query('INSERT INTO user_role (user_id, role_id) SELECT ?, id FROM role WHERE name = ?', [userId, role]);
  }
}

/** The facts that decide whether a change to the account is sensitive (auth/duties.ts). */
export async function accountFacts(tx: EntityManager, userId: string): Promise<AccountFacts> {
  const [row]: Array<{ clearance: string; custodian: string | number; manages: string | number }> = await tx.query(
    `SELECT u.clearance,
            EXISTS (SELECT 1 FROM customer c WHERE c.custodian_id = u.id AND c.deleted_at IS NULL) AS custodian,
            EXISTS (SELECT 1 FROM customer c WHERE (c.owner_id = u.id OR c.second_manager_id = u.id)
                     AND c.archive_level IN ('CONFIDENTIAL', 'CLASSIFIED') AND c.deleted_at IS NULL) AS manages
       FROM app_user u WHERE u.id = ?`, [userId]);
  return {
    roles: await rolesOf(tx, userId),
    // Deny when unsure: an unreadable clearance counts as the highest.
    clearance: row && isLevel(row.clearance) ? row.clearance : Level.CLASSIFIED,
    custodian: Boolean(Number(row?.custodian)), managesSensitiveArchive: Boolean(Number(row?.manages)),
  };
}

/**
 * Ends an account's sessions (all, or all but `keepSession`) and, with `tokens`, revokes its API
 * tokens: credentials do not outlive a reset, a deactivation or a password change.
 */
export async function endCredentials(
  tx: EntityManager, userId: string, now: Date, o: { tokens: boolean; by: string; keepSession?: string | null },
): Promise<void> {
  const sessions = tx.createQueryBuilder().update(SessionEntity).set({ revokedAt: now })
    .where('user_id = :userId AND revoked_at IS NULL', { userId });
  if (o.keepSession) sessions.andWhere('id <> :keep', { keep: o.keepSession });
  await sessions.execute();
  if (o.tokens) await tx.update(ApiTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: now, revokedBy: o.by });
}
