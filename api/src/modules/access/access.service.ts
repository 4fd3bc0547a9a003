import { EntityManager } from 'typeorm';
import { ARCHIVE_TYPES, ErrorCode, FIELD_CATALOGUE, Level, levelRank } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { mayApproveAccess } from '../../auth/duties';
import {
  archiveFacts, assertCanRequestAccess, canDecideStep, canRevokeGrant, canViewAccessRequest, decideField, effectiveLevel,
  isIdentityField, MAX_GRANT_HOURS,
} from '../../auth/policy';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { recordInTx, recordSystemInTx } from '../../audit/recorder';
import { READ_COMMITTED } from '../../db/retry';
import { CustomerEntity } from '../customer/customer.entity';
import { scopedCustomers } from '../customer/customer.service';
import { DepartmentEntity } from '../user/department.entity';
import { rolesOf } from '../user/user.accounts';
import { UserEntity } from '../user/user.entity';
import { AccessApprovalEntity, AccessGrantEntity, AccessRequestEntity, ApproverRole } from './access.entity';
import { AccessGrant, AccessRequest, GrantStatus, RequestAccessInput } from './access.types';

/** "bankAccount" → "Customer.bankAccount"; every coordinate must be a catalogued field of an archive type. */
export function normaliseFields(fields: string[]): string[] {
  const out = new Set<string>();
  for (const raw of fields) {
    const coordinate = raw.includes('.') ? raw : `Customer.${raw}`;
    const [type, field] = coordinate.split('.');
    if (!ARCHIVE_TYPES.includes(type) || !FIELD_CATALOGUE[type]?.[field] || isIdentityField(type, field)) {
      throw badInput('fields', `${raw} is not a field of a customer archive that can be requested`);
    }
    out.add(`${type}.${field}`);
  }
  return [...out].sort();
}

function allArchiveFields(): string[] {
  return ARCHIVE_TYPES.flatMap((t) => Object.keys(FIELD_CATALOGUE[t] ?? {}).filter((f) => !isIdentityField(t, f)).map((f) => `${t}.${f}`));
}

async function findCustomer(ctx: Context, actor: Actor, input: RequestAccessInput): Promise<CustomerEntity> {
  if (input.customerId) {
    const c = await scopedCustomers(ctx.ds.manager, actor).andWhere('c.id = :id', { id: input.customerId }).getOne();
    if (!c) throw notFound('Customer', input.customerId);
    return c;
  }
  if (!input.customerCode) throw badInput('customerId', 'Give customerId (in your scope) or customerCode');
  const c = await ctx.ds.getRepository(CustomerEntity).findOneBy({ code: input.customerCode });
  if (!c) throw notFound('Customer code', input.customerCode);
  return c;
}

/** Whether a named approver could decide the step at all (active, approve permission, no duty role). */
async function canApprove(tx: EntityManager, userId: string): Promise<boolean> {
  const user = await tx.getRepository(UserEntity).findOneBy({ id: userId });
  return Boolean(user) && mayApproveAccess({ active: user!.active, roles: await rolesOf(tx, userId) });
}

/** The nearest head up the tree who is not the requester and can approve; none falls back to the information supervisor. */
async function departmentHead(tx: EntityManager, departmentId: string | null, requesterId: string): Promise<string | null> {
  let id = departmentId;
  while (id) {
    const d: DepartmentEntity | null = await tx.getRepository(DepartmentEntity).findOneBy({ id });
    if (!d) return null;
    if (d.headUserId && d.headUserId !== requesterId && (await canApprove(tx, d.headUserId))) return d.headUserId;
    id = d.parentId;
  }
  return null;
}

/** The approval chain for a request, from the rules table: named approvers where the role has one. */
async function buildChain(tx: EntityManager, actor: Actor, customer: CustomerEntity, level: Level): Promise<{ steps: Array<{ role: ApproverRole; userId: string | null }>; maxHours: number }> {
  const [dept]: Array<{ path: string }> = customer.departmentId ? await tx.query('SELECT path FROM department WHERE id = ?', [customer.departmentId]) : [];
  const same = Boolean(dept && actor.departmentPath && dept.path.startsWith(actor.departmentPath));
  const rules: Array<{ steps: string; max_hours: number; department_match: string }> = await tx.query(
    'SELECT steps, max_hours, department_match FROM approval_rule WHERE level = ? AND department_match IN (?, ?)', [level, 'ANY', same ? 'SAME' : 'OTHER']);
  const rule = rules.find((r) => r.department_match !== 'ANY') ?? rules[0];
  if (!rule) throw new AppError(ErrorCode.INTERNAL, `No approval rule for ${level}`);
  const steps: Array<{ role: ApproverRole; userId: string | null }> = [];
  for (const role of rule.steps.split(',') as ApproverRole[]) {
    let userId: string | null = null;
    let actual: ApproverRole = role;
    if (role === 'DEPARTMENT_HEAD') userId = await departmentHead(tx, actor.departmentId, actor.userId);
    if (role === 'CUSTODIAN' && customer.custodianId && customer.custodianId !== actor.userId && (await canApprove(tx, customer.custodianId))) {
      userId = customer.custodianId;
    }
    if (role !== 'INFO_SUPERVISOR' && !userId) actual = 'INFO_SUPERVISOR';
    const previous = steps[steps.length - 1];
    if (previous && previous.role === actual && previous.userId === userId) continue;
    steps.push({ role: actual, userId });
  }
  return { steps, maxHours: Math.min(Number(rule.max_hours), MAX_GRANT_HOURS) };
}

export async function requestAccess(ctx: Context, actor: Actor, input: RequestAccessInput): Promise<AccessRequest> {
  assertCanRequestAccess(actor);
  const purposes: Array<{ code: string }> = await ctx.ds.query('SELECT code FROM access_purpose WHERE active = TRUE');
  if (!purposes.some((p) => p.code === input.purpose)) throw badInput('purpose', `Unknown purpose ${input.purpose}`);
  const customer = await findCustomer(ctx, actor, input);
  const fields = normaliseFields(input.fields);
  const facts = archiveFacts(customer);
  const asked = fields.length ? fields : allArchiveFields();
  const closed = asked.filter((c) => { const [t, f] = c.split('.'); return !decideField(actor, ctx.levels, ctx.grants, t, f, facts).allowed; });
  if (fields.length && closed.length < fields.length) {
    const open = fields.find((c) => !closed.includes(c));
    throw badInput('fields', `You can already read ${open}`);
  }
  if (closed.length === 0) throw badInput('fields', 'You can already read everything in this archive');
  const level = closed.reduce<Level>((m, c) => { const [t, f] = c.split('.'); const l = effectiveLevel(ctx.levels, t, f, facts); return levelRank(l) > levelRank(m) ? l : m; }, Level.PUBLIC);

  const id = await ctx.ds.transaction(READ_COMMITTED, async (tx) => {
    const { steps, maxHours } = await buildChain(tx, actor, customer, level === Level.CLASSIFIED ? Level.CLASSIFIED : Level.CONFIDENTIAL);
    if (input.hours > maxHours) throw badInput('hours', `At most ${maxHours} hours for ${level} data`);
    // Requests for one archive are serialised on its customer row (the lock every write to the archive
    // takes first), READ COMMITTED: the check below sees every request committed before the lock was
    // granted. (Locking the matching requests under REPEATABLE READ locked a gap when there were none,
    // and two such requests then deadlocked on their inserts.)
    await tx.query('SELECT id FROM customer WHERE id = ? FOR UPDATE', [customer.id]);
    const open: AccessRequestEntity[] = await tx.getRepository(AccessRequestEntity).createQueryBuilder('r')
      .where('r.requester_id = :me AND r.customer_id = :c AND r.status = :s', { me: actor.userId, c: customer.id, s: 'PENDING' }).getMany();
    if (open.some((r) => JSON.stringify(r.fields) === JSON.stringify(fields))) {
      throw new AppError(ErrorCode.CONFLICT, 'You already have an open request for the same fields of this archive');
    }
    const { identifiers } = await tx.insert(AccessRequestEntity, {
      requesterId: actor.userId, customerId: customer.id, fields, purpose: input.purpose, reason: input.reason, hours: input.hours,
      status: 'PENDING', level,
    });
    const requestId = String(identifiers[0].id);
    await tx.insert(AccessApprovalEntity, steps.map((s, i) => ({ requestId, step: i + 1, approverRole: s.role, approverUserId: s.userId, decision: 'PENDING' as const })));
    await recordInTx(ctx, tx, {
      action: 'ACCESS_REQUEST', entityType: 'Customer', entityId: customer.id, fields, maxLevel: level, purpose: input.purpose,
      detail: { requestId, reason: input.reason, hours: input.hours, chain: steps },
    });
    return requestId;
  });
  return loadRequest(ctx, id);
}

function grantView(g: AccessGrantEntity, now: Date): AccessGrant {
  const status = g.revokedAt ? GrantStatus.REVOKED : g.returnedAt ? GrantStatus.RETURNED : g.expiresAt <= now ? GrantStatus.EXPIRED : GrantStatus.ACTIVE;
  return {
    id: g.id, requestId: g.requestId, granteeId: g.granteeId, customerId: g.customerId, fields: g.fields, purpose: g.purpose,
    startsAt: g.startsAt, expiresAt: g.expiresAt, returnedAt: g.returnedAt, revokedAt: g.revokedAt, status,
    secondsLeft: status === GrantStatus.ACTIVE ? Math.floor((g.expiresAt.getTime() - now.getTime()) / 1000) : 0,
    overdue: status === GrantStatus.EXPIRED,
  };
}

async function loadRequests(ctx: Context, ids: string[]): Promise<AccessRequest[]> {
  if (ids.length === 0) return [];
  const requests = await ctx.ds.getRepository(AccessRequestEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).orderBy('r.id', 'DESC').getMany();
  const approvals = await ctx.ds.getRepository(AccessApprovalEntity).createQueryBuilder('a').where('a.request_id IN (:...ids)', { ids }).orderBy('a.step').getMany();
  const grants = await ctx.ds.getRepository(AccessGrantEntity).createQueryBuilder('g').where('g.request_id IN (:...ids)', { ids }).getMany();
  const now = ctx.clock.now();
  return requests.map((r) => ({
    id: r.id, requesterId: r.requesterId, customerId: r.customerId, fields: r.fields, purpose: r.purpose, reason: r.reason, hours: r.hours,
    status: r.status, level: r.level, createdAt: r.createdAt, decidedAt: r.decidedAt,
    approvals: approvals.filter((a) => a.requestId === r.id).map((a) => ({
      step: a.step, approverRole: a.approverRole, approverUserId: a.approverUserId, decision: a.decision, decidedById: a.decidedBy,
      decidedAt: a.decidedAt, comment: a.comment,
    })),
    grant: (() => { const g = grants.find((x) => x.requestId === r.id); return g ? grantView(g, now) : null; })(),
  }));
}

async function loadRequest(ctx: Context, id: string): Promise<AccessRequest> {
  const [r] = await loadRequests(ctx, [id]);
  if (!r) throw notFound('Access request', id);
  return r;
}

export async function getAccessRequest(ctx: Context, actor: Actor, id: string): Promise<AccessRequest> {
  const r = await loadRequest(ctx, id);
  if (!canViewAccessRequest(actor, r.requesterId, r.approvals.map((a) => a.approverUserId))) throw notFound('Access request', id);
  return r;
}

/** Approves or rejects the current step; the last approval opens the grant. */
async function decide(ctx: Context, actor: Actor, id: string, approve: boolean, comment: string | null): Promise<AccessRequest> {
  await ctx.ds.transaction(async (tx) => {
    const req = await tx.getRepository(AccessRequestEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
    if (!req) throw notFound('Access request', id);
    const steps = await tx.getRepository(AccessApprovalEntity).find({ where: { requestId: id }, order: { step: 'ASC' } });
    if (!canViewAccessRequest(actor, req.requesterId, steps.map((s) => s.approverUserId))) throw notFound('Access request', id);
    if (req.status !== 'PENDING') throw new AppError(ErrorCode.CONFLICT, `This request is already ${req.status.toLowerCase()}`, { status: req.status });
    const current = steps.find((s) => s.decision === 'PENDING');
    if (!current || !canDecideStep(actor, current, req.requesterId)) {
      throw new AppError(ErrorCode.FORBIDDEN, actor.userId === req.requesterId ? 'Nobody approves their own request' : 'This request is not waiting on you');
    }
    const now = ctx.clock.now();
    await tx.update(AccessApprovalEntity, current.id, { decision: approve ? 'APPROVED' : 'REJECTED', decidedBy: actor.userId, decidedAt: now, comment });
    const last = steps[steps.length - 1].id === current.id;
    let grantId: string | null = null;
    if (!approve || last) await tx.update(AccessRequestEntity, id, { status: approve ? 'APPROVED' : 'REJECTED', decidedAt: now });
    if (approve && last) {
      const { identifiers } = await tx.insert(AccessGrantEntity, {
        requestId: id, granteeId: req.requesterId, customerId: req.customerId, fields: req.fields, purpose: req.purpose,
        startsAt: now, expiresAt: new Date(now.getTime() + req.hours * 3_600_000), expireLogged: false,
      });
      grantId = String(identifiers[0].id);
    }
    await recordInTx(ctx, tx, {
      action: approve ? 'ACCESS_APPROVE' : 'ACCESS_REJECT', entityType: 'Customer', entityId: req.customerId, fields: req.fields,
      maxLevel: req.level, grantId, purpose: req.purpose,
      detail: { requestId: id, step: current.step, approverRole: current.approverRole, comment, final: !approve || last, requester: req.requesterId },
    });
  });
  return loadRequest(ctx, id);
}

export const approveAccessRequest = (ctx: Context, actor: Actor, id: string, comment: string | null) => decide(ctx, actor, id, true, comment);
export const rejectAccessRequest = (ctx: Context, actor: Actor, id: string, comment: string | null) => decide(ctx, actor, id, false, comment);

async function endGrant(ctx: Context, actor: Actor, id: string, how: 'RETURN' | 'REVOKE'): Promise<AccessGrant> {
  const now = ctx.clock.now();
  await ctx.ds.transaction(async (tx) => {
    const g = await tx.getRepository(AccessGrantEntity).createQueryBuilder('g').setLock('pessimistic_write').where('g.id = :id', { id }).getOne();
    if (!g) throw notFound('Grant', id);
    if (how === 'RETURN' && g.granteeId !== actor.userId) throw notFound('Grant', id);
    if (how === 'REVOKE') {
      const [c]: Array<{ custodian_id: string | null }> = await tx.query('SELECT custodian_id FROM customer WHERE id = ?', [g.customerId]);
      if (!canRevokeGrant(actor, c?.custodian_id ? String(c.custodian_id) : null)) throw new AppError(ErrorCode.FORBIDDEN, 'Only the custodian or an information supervisor revokes grants');
    }
    const view = grantView(g, now);
    if (view.status !== GrantStatus.ACTIVE) throw new AppError(ErrorCode.CONFLICT, `This grant is already ${view.status.toLowerCase()}`, { status: view.status });
    await tx.update(AccessGrantEntity, id, how === 'RETURN' ? { returnedAt: now } : { revokedAt: now, revokedBy: actor.userId });
    await recordInTx(ctx, tx, {
      action: how === 'RETURN' ? 'GRANT_RETURN' : 'GRANT_REVOKE', entityType: 'Customer', entityId: g.customerId, fields: g.fields,
      grantId: id, purpose: g.purpose, detail: { grantee: g.granteeId, requestId: g.requestId },
    });
  });
  return grantView(await ctx.ds.getRepository(AccessGrantEntity).findOneByOrFail({ id }), now);
}

export const returnGrant = (ctx: Context, actor: Actor, id: string) => endGrant(ctx, actor, id, 'RETURN');
export const revokeGrant = (ctx: Context, actor: Actor, id: string) => endGrant(ctx, actor, id, 'REVOKE');

export async function myGrants(ctx: Context, actor: Actor): Promise<AccessGrant[]> {
  const now = ctx.clock.now();
  const grants = await ctx.ds.getRepository(AccessGrantEntity).find({ where: { granteeId: actor.userId }, order: { id: 'DESC' }, take: 200 });
  return grants.map((g) => grantView(g, now));
}

export async function myAccessRequests(ctx: Context, actor: Actor): Promise<AccessRequest[]> {
  const rows: Array<{ id: string }> = await ctx.ds.query('SELECT id FROM access_request WHERE requester_id = ? ORDER BY id DESC LIMIT 200', [actor.userId]);
  return loadRequests(ctx, rows.map((r) => String(r.id)));
}

/** Requests whose current step waits on the caller. */
export async function pendingApprovals(ctx: Context, actor: Actor): Promise<AccessRequest[]> {
  const rows: Array<{ request_id: string; approver_user_id: string | null; approver_role: string; requester_id: string }> = await ctx.ds.query(
    `SELECT a.request_id, a.approver_user_id, a.approver_role, r.requester_id FROM access_approval a
       JOIN access_request r ON r.id = a.request_id AND r.status = 'PENDING'
      WHERE a.decision = 'PENDING' AND a.step = (SELECT MIN(b.step) FROM access_approval b WHERE b.request_id = a.request_id AND b.decision = 'PENDING')
        AND (a.approver_user_id = ? OR a.approver_user_id IS NULL)`, [actor.userId]);
  const mine = rows.filter((r) => canDecideStep(actor, { approverUserId: r.approver_user_id ? String(r.approver_user_id) : null, approverRole: r.approver_role }, String(r.requester_id)));
  return loadRequests(ctx, mine.map((r) => String(r.request_id)));
}

/** The grant behind a READ event, with its request, approvers and reason (auditors, the parties). */
export async function getGrant(ctx: Context, actor: Actor, id: string): Promise<AccessGrant & { request: AccessRequest }> {
  const g = await ctx.ds.getRepository(AccessGrantEntity).findOneBy({ id });
  if (!g) throw notFound('Grant', id);
  const request = await getAccessRequest(ctx, actor, g.requestId);
  return { ...grantView(g, ctx.clock.now()), request };
}

export function accessPurposes(ctx: Context) {
  return ctx.ds.query('SELECT code, label_zh AS labelZh, label_en AS labelEn FROM access_purpose WHERE active = TRUE ORDER BY id');
}

/** Records GRANT_EXPIRE once per grant that ran out unreturned; any process may run it, one wins per grant. */
export async function recordExpiredGrants(ctx: Pick<Context, 'ds' | 'clock' | 'audit'> & Partial<Context>): Promise<number> {
  const now = ctx.clock.now();
  const due: AccessGrantEntity[] = await ctx.ds.getRepository(AccessGrantEntity).createQueryBuilder('g')
    .where('g.expire_logged = FALSE AND g.expires_at <= :now AND g.returned_at IS NULL AND g.revoked_at IS NULL', { now }).limit(500).getMany();
  let n = 0;
  for (const g of due) {
    await ctx.ds.transaction(async (tx) => {
      const r = await tx.createQueryBuilder().update(AccessGrantEntity).set({ expireLogged: true }).where('id = :id AND expire_logged = FALSE', { id: g.id }).execute();
      if (r.affected !== 1) return;
      n += 1;
      await recordSystemInTx(ctx.audit, tx, now, {
        action: 'GRANT_EXPIRE', operation: 'grantExpiry', grantId: g.id, purpose: g.purpose, entityType: 'Customer', entityId: g.customerId,
        fields: g.fields, detail: { grantee: g.granteeId, expiresAt: g.expiresAt.toISOString() },
      });
    });
  }
  return n;
}

