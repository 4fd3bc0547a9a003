import DataLoader from 'dataloader';
import { GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { MiddlewareFn } from 'type-graphql';
import { isLevel, isStructuralType, Level, levelRank } from '@custodian/schema';
import { Context } from '../context';
import { ArchiveFacts, decideField, FieldDecision, isArchiveType } from './policy';

/** A denied field coordinate (`Customer.bankAccount`): how often, at which level, first path. */
export interface Denial {
  coordinate: string;
  level: Level;
  count: number;
  requestable: boolean;
  path: ReadonlyArray<string | number>;
  reason: string | null;
  /** Customer archives the denied values belong to (for the audit trail). */
  customerIds: Set<string>;
}

/** A sensitive (CONFIDENTIAL or CLASSIFIED) value that is about to leave in the response. */
export interface SensitiveRead {
  typeName: string;
  field: string;
  recordId: string;
  customerId: string | null;
  level: Level;
  grantId: string | null;
  grantPurpose: string | null;
  path: ReadonlyArray<string | number>;
}

/** Per-request record of what the field guard allowed and denied. */
export class AccessRecord {
  readonly denials = new Map<string, Denial>();
  readonly reads: SensitiveRead[] = [];

  deny(coordinate: string, d: FieldDecision, path: ReadonlyArray<string | number>, customerId: string | null): void {
    const seen = this.denials.get(coordinate);
    if (seen) {
      seen.count += 1;
      if (customerId && seen.customerIds.size < 1000) seen.customerIds.add(customerId);
      seen.requestable ||= d.requestable;
      if (levelRank(d.level) > levelRank(seen.level)) seen.level = d.level;
      return;
    }
    this.denials.set(coordinate, {
      coordinate, level: d.level, count: 1, requestable: d.requestable, path, reason: d.reason,
      customerIds: new Set(customerId ? [customerId] : []),
    });
  }
}

type Row = Record<string, unknown> & { id?: string };

const customerFacts = (ctx: Context): DataLoader<string, ArchiveFacts | null> =>
  ctx.loaders.get('archiveFacts', () => new DataLoader(async (ids) => {
    const rows: Array<{ id: string; archive_level: string; owner_id: string | null; custodian_id: string | null }> = await ctx.ds.query(
      `SELECT id, archive_level, owner_id, custodian_id FROM customer WHERE id IN (${ids.map(() => '?').join(',')})`, [...ids]);
    const map = new Map(rows.map((r) => [String(r.id), factsOfRow(r)]));
    return ids.map((id) => map.get(id) ?? null);
  }));

const orderCustomer = (ctx: Context): DataLoader<string, string | null> =>
  ctx.loaders.get('orderCustomer', () => new DataLoader(async (ids) => {
    const rows: Array<{ id: string; customer_id: string }> = await ctx.ds.query(
      `SELECT id, customer_id FROM sales_order WHERE id IN (${ids.map(() => '?').join(',')})`, [...ids]);
    const map = new Map(rows.map((r) => [String(r.id), String(r.customer_id)]));
    return ids.map((id) => map.get(id) ?? null);
  }));

function factsOfRow(r: { id: string; archive_level: string; owner_id: string | null; custodian_id: string | null }): ArchiveFacts {
  return {
    customerId: String(r.id), archiveLevel: isLevel(r.archive_level) ? r.archive_level : Level.CLASSIFIED,
    ownerId: r.owner_id ? String(r.owner_id) : null, custodianId: r.custodian_id ? String(r.custodian_id) : null,
  };
}

const factsCache = new WeakMap<object, ArchiveFacts | null | Promise<ArchiveFacts | null>>();

/** The archive a record belongs to: itself for a customer, its customer for contacts, activities, orders and lines. */
export function archiveFactsOf(ctx: Context, typeName: string, root: Row): ArchiveFacts | null | Promise<ArchiveFacts | null> {
  const cached = factsCache.get(root);
  if (cached !== undefined) return cached;
  let facts: ArchiveFacts | null | Promise<ArchiveFacts | null>;
  if (typeName === 'Customer') {
    const f: ArchiveFacts = {
      customerId: String(root.id), archiveLevel: (root.archiveLevel as Level) ?? Level.CLASSIFIED,
      ownerId: (root.ownerId as string | null) ?? null, custodianId: (root.custodianId as string | null) ?? null,
    };
    customerFacts(ctx).prime(f.customerId, f);
    facts = f;
  } else if (typeName === 'SalesOrderLine') {
    facts = orderCustomer(ctx).load(String(root.orderId)).then((cid) => (cid ? customerFacts(ctx).load(cid) : null));
  } else if (root.customerId) {
    facts = customerFacts(ctx).load(String(root.customerId));
  } else {
    facts = null;
  }
  factsCache.set(root, facts);
  return facts;
}

function recordAndGate(ctx: Context, info: GraphQLResolveInfo, typeName: string, root: Row, facts: ArchiveFacts | null, archive: boolean): boolean {
  const field = info.fieldName;
  if (archive && !facts) {
    // The archive cannot be identified: deny when unsure.
    ctx.access.deny(`${typeName}.${field}`, { allowed: false, level: Level.CLASSIFIED, reason: null, grant: null, requestable: false }, responsePathAsArray(info.path), null);
    return false;
  }
  const d = decideField(ctx.actor!, ctx.levels, ctx.grants, typeName, field, facts);
  if (!d.allowed) {
    ctx.access.deny(`${typeName}.${field}`, d, responsePathAsArray(info.path), facts?.customerId ?? null);
    return false;
  }
  if (levelRank(d.level) >= levelRank(Level.CONFIDENTIAL)) {
    ctx.access.reads.push({
      typeName, field, recordId: String(root.id), customerId: facts?.customerId ?? null, level: d.level,
      grantId: d.grant?.id ?? null, grantPurpose: d.grant?.purpose ?? null, path: responsePathAsArray(info.path),
    });
  }
  return true;
}

/**
 * The one global field guard: every field of every data-carrying object passes the policy. A
 * denied field resolves to null (and, in reject mode, the response is refused as a whole).
 */
export const fieldGuard: MiddlewareFn<Context> = ({ root, info, context }, next) => {
  const typeName = info.parentType.name;
  if (isStructuralType(typeName) || info.fieldName === '__typename' || !context.actor) return next();
  const archive = isArchiveType(typeName);
  const facts = archive ? archiveFactsOf(context, typeName, root as Row) : null;
  if (facts instanceof Promise) {
    return facts.then((f) => (recordAndGate(context, info, typeName, root as Row, f, archive) ? next() : null));
  }
  return recordAndGate(context, info, typeName, root as Row, facts, archive) ? next() : Promise.resolve(null);
};
