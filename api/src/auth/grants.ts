import { RowScope } from '@custodian/schema';
import { DataSource } from 'typeorm';
import { Actor } from './actor';
import { ActiveGrant, openGrantedRecords } from './policy';
import { scopeCustomers, standingActor } from './scope';

/**
 * The actor's grants that are open right now: approved, started, not expired, returned or revoked;
 * each says whether its customer is in the actor's standing scope too. Records on the actor which
 * records the grants open (row scope).
 */
export async function loadActiveGrants(ds: DataSource, actor: Actor, now: Date): Promise<ActiveGrant[]> {
  const rows: Array<{ id: string; customer_id: string; fields: string | null; purpose: string; expires_at: Date }> = await ds.query(
    `SELECT id, customer_id, fields, purpose, expires_at FROM access_grant
      WHERE grantee_id = ? AND returned_at IS NULL AND revoked_at IS NULL AND starts_at <= ? AND expires_at > ?`,
    [actor.userId, now, now],
  );
  const standing = await inStandingScope(ds, actor, rows.map((r) => String(r.customer_id)));
  const grants = rows.map((r) => ({
    id: String(r.id), customerId: String(r.customer_id), fields: r.fields ? JSON.parse(r.fields) : [], purpose: r.purpose,
    expiresAt: new Date(r.expires_at), standing: standing.has(String(r.customer_id)),
  }));
  openGrantedRecords(actor, grants);
  return grants;
}

async function inStandingScope(ds: DataSource, actor: Actor, customerIds: string[]): Promise<Set<string>> {
  if (customerIds.length === 0 || actor.scope === RowScope.ALL) return new Set(customerIds);
  const qb = ds.createQueryBuilder().select('c.id', 'id').from('customer', 'c')
    .where('c.id IN (:...grantCustomers)', { grantCustomers: customerIds });
  const rows: Array<{ id: string }> = await scopeCustomers(qb, standingActor(actor), 'c').getRawMany();
  return new Set(rows.map((r) => String(r.id)));
}
