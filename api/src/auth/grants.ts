import { DataSource } from 'typeorm';
import { ActiveGrant } from './policy';

/** The actor's grants that are open right now: approved, started, not expired, returned or revoked. */
export async function loadActiveGrants(ds: DataSource, userId: string, now: Date): Promise<ActiveGrant[]> {
  const rows: Array<{ id: string; customer_id: string; fields: string | null; purpose: string; expires_at: Date }> = await ds.query(
    `SELECT id, customer_id, fields, purpose, expires_at FROM access_grant
      WHERE grantee_id = ? AND returned_at IS NULL AND revoked_at IS NULL AND starts_at <= ? AND expires_at > ?`,
    [userId, now, now],
  );
  return rows.map((r) => ({
    id: String(r.id), customerId: String(r.customer_id), fields: r.fields ? JSON.parse(r.fields) : [], purpose: r.purpose,
    expiresAt: new Date(r.expires_at),
  }));
}
