import { Actor } from '../../auth/actor';
import { readableCondition } from '../../auth/policy';
import { scopeCustomers } from '../../auth/scope';
import { Context } from '../../context';
import { ActivityEntity } from '../activity/activity.entity';
import { CustomerEntity } from '../customer/customer.entity';
import { Reminder } from './access.types';
import { myGrants, pendingApprovals } from './access.service';

const HOUR = 3_600_000;

/** What waits on the caller: approvals, own requests waiting long, grants overdue or about to end, follow-ups due. */
export async function reminders(ctx: Context, actor: Actor): Promise<Reminder[]> {
  const now = ctx.clock.now();
  const waitHours = ctx.config.approvalRemindHours;
  const out: Reminder[] = [];
  const base = { requestId: null, grantId: null, activityId: null, customerId: null };
  for (const r of await pendingApprovals(ctx, actor)) {
    out.push({ ...base, kind: 'PENDING_APPROVAL', at: r.createdAt, requestId: r.id, customerId: r.customerId,
      message: `Access request ${r.id} (${r.fields.join(', ') || 'whole archive'}) waits for your decision` });
  }
  const mine: Array<{ id: string; customer_id: string; created_at: Date }> = await ctx.ds.query(
    "SELECT id, customer_id, created_at FROM access_request WHERE requester_id = ? AND status = 'PENDING' AND created_at < ?",
    [actor.userId, new Date(now.getTime() - waitHours * HOUR)]);
  for (const r of mine) {
    out.push({ ...base, kind: 'REQUEST_WAITING', at: new Date(r.created_at), requestId: String(r.id), customerId: String(r.customer_id),
      message: `Your access request ${r.id} has waited more than ${waitHours} hours` });
  }
  for (const g of await myGrants(ctx, actor)) {
    if (g.overdue && g.expiresAt.getTime() > now.getTime() - 7 * 24 * HOUR) {
      out.push({ ...base, kind: 'GRANT_OVERDUE', at: g.expiresAt, grantId: g.id, customerId: g.customerId, message: `Grant ${g.id} expired without being returned` });
    } else if (g.status === 'ACTIVE' && g.secondsLeft < 2 * 3600) {
      out.push({ ...base, kind: 'GRANT_EXPIRING', at: g.expiresAt, grantId: g.id, customerId: g.customerId, message: `Grant ${g.id} ends in ${Math.ceil(g.secondsLeft / 60)} minutes` });
    }
  }
  const dueQb = scopeCustomers(ctx.ds.getRepository(ActivityEntity).createQueryBuilder('a')
    .innerJoin(CustomerEntity, 'cu', 'cu.id = a.customerId AND cu.deleted_at IS NULL'), actor, 'cu', 'Activity')
    .andWhere('a.owner_id = :me AND a.next_follow_up_at >= :from AND a.next_follow_up_at < :to', {
      me: actor.userId, from: new Date(now.getTime() - 24 * HOUR), to: new Date(now.getTime() + ctx.config.remindDaysAhead * 24 * HOUR),
    });
  // A reminder's time is the follow-up time: only where the caller may read it (side channels closed).
  const readable = readableCondition(actor, ctx.levels, ctx.grants, 'Activity', 'nextFollowUpAt', 'cu');
  const due = readable === null ? []
    : await dueQb.andWhere(readable).orderBy('a.next_follow_up_at').limit(100).getMany();
  for (const a of due) {
    out.push({ ...base, kind: 'FOLLOW_UP_DUE', at: a.nextFollowUpAt!, activityId: a.id, customerId: a.customerId, message: 'Follow-up due' });
  }
  return out.sort((x, y) => x.at.getTime() - y.at.getTime());
}
