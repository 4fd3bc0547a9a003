import DataLoader from 'dataloader';
import { GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import { isLevel, Level, levelRank, RELATION_TYPES } from '@custodian/schema';
import { Context } from '../context';
import { ArchiveFacts, decideField, decideRelationField, FieldDecision, RecordKind } from './policy';

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
  /** Where the value sits in the response (graphql's linked path; `responsePathAsArray` when needed). */
  path: Path;
}

/** Per-request record of what the field guard allowed and denied. */
export class AccessRecord {
  readonly denials = new Map<string, Denial>();
  readonly reads: SensitiveRead[] = [];

  deny(coordinate: string, d: FieldDecision, path: Path, customerId: string | null): void {
    const seen = this.denials.get(coordinate);
    if (seen) {
      seen.count += 1;
      if (customerId && seen.customerIds.size < 1000) seen.customerIds.add(customerId);
      seen.requestable ||= d.requestable;
      if (levelRank(d.level) > levelRank(seen.level)) seen.level = d.level;
      return;
    }
    this.denials.set(coordinate, {
      coordinate, level: d.level, count: 1, requestable: d.requestable, path: responsePathAsArray(path), reason: d.reason,
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

/**
 * Archive facts already known in this request, by customer id, and the customer of each sales order
 * seen: a contact, activity, order or line whose archive was met earlier in the response (its
 * customer's row, its order's row) is decided synchronously, without a promise per field.
 */
interface KnownFacts { customers: Map<string, ArchiveFacts>; orderCustomers: Map<string, string> }
const knownByRequest = new WeakMap<Context, KnownFacts>();
function knownFacts(ctx: Context): KnownFacts {
  let known = knownByRequest.get(ctx);
  if (!known) knownByRequest.set(ctx, (known = { customers: new Map(), orderCustomers: new Map() }));
  return known;
}

function rememberCustomer(known: KnownFacts, f: ArchiveFacts | null): ArchiveFacts | null {
  if (f) known.customers.set(f.customerId, f);
  return f;
}

/** The archive a record belongs to: itself for a customer, its customer for contacts, activities, orders and lines. */
export function archiveFactsOf(ctx: Context, typeName: string, root: Row): ArchiveFacts | null | Promise<ArchiveFacts | null> {
  const cached = factsCache.get(root);
  if (cached !== undefined) return cached;
  const known = knownFacts(ctx);
  let facts: ArchiveFacts | null | Promise<ArchiveFacts | null>;
  if (typeName === 'Customer') {
    const f: ArchiveFacts = {
      customerId: String(root.id), archiveLevel: (root.archiveLevel as Level) ?? Level.CLASSIFIED,
      ownerId: (root.ownerId as string | null) ?? null, custodianId: (root.custodianId as string | null) ?? null,
    };
    customerFacts(ctx).prime(f.customerId, f);
    facts = rememberCustomer(known, f);
  } else if (typeName === 'SalesOrderLine') {
    const orderId = String(root.orderId);
    const customerId = known.orderCustomers.get(orderId);
    facts = customerId !== undefined && known.customers.has(customerId)
      ? known.customers.get(customerId)!
      : orderCustomer(ctx).load(orderId).then((cid) => (cid ? customerFacts(ctx).load(cid).then((f) => rememberCustomer(known, f)) : null));
  } else if (root.customerId) {
    const customerId = String(root.customerId);
    if (typeName === 'SalesOrder' && root.id !== undefined) known.orderCustomers.set(String(root.id), customerId);
    facts = known.customers.get(customerId) ?? customerFacts(ctx).load(customerId).then((f) => rememberCustomer(known, f));
  } else {
    facts = null;
  }
  factsCache.set(root, facts);
  if (facts instanceof Promise) void facts.then((f) => factsCache.set(root, f), () => undefined);
  return facts;
}

/** The two archives a relation joins (both looked up through the request's archive-facts loader). */
export function relationEndsOf(ctx: Context, typeName: string, root: Row): Promise<[ArchiveFacts, ArchiveFacts] | null> {
  const cached = relationCache.get(root);
  if (cached) return cached;
  const [from, to] = RELATION_TYPES[typeName].map((k) => String(root[k]));
  const ends = Promise.all([customerFacts(ctx).load(from), customerFacts(ctx).load(to)])
    .then(([a, b]) => (a && b ? [a, b] as [ArchiveFacts, ArchiveFacts] : null));
  relationCache.set(root, ends);
  return ends;
}
const relationCache = new WeakMap<object, Promise<[ArchiveFacts, ArchiveFacts] | null>>();

type Ends = readonly [ArchiveFacts, ArchiveFacts];
const moreClassified = ([a, b]: Ends): ArchiveFacts => (levelRank(b.archiveLevel) > levelRank(a.archiveLevel) ? b : a);

type Facts = ArchiveFacts | Ends | null;

function recordAndGate(ctx: Context, info: GraphQLResolveInfo, typeName: string, root: Row, facts: Facts, kind: RecordKind): boolean {
  const field = info.fieldName;
  if (kind && !facts) {
    // The archive cannot be identified: deny when unsure.
    ctx.access.deny(`${typeName}.${field}`, { allowed: false, level: Level.CLASSIFIED, reason: null, grant: null, requestable: false }, info.path, null);
    return false;
  }
  const d = kind === 'RELATION'
    ? decideRelationField(ctx.actor!, ctx.levels, ctx.grants, typeName, field, facts as Ends)
    : decideField(ctx.actor!, ctx.levels, ctx.grants, typeName, field, facts as ArchiveFacts | null);
  // A relation's sensitive read is filed under the more classified of its two archives.
  const single = kind === 'RELATION' ? moreClassified(facts as Ends) : facts as ArchiveFacts | null;
  if (!d.allowed) {
    ctx.access.deny(`${typeName}.${field}`, d, info.path, single?.customerId ?? null);
    return false;
  }
  if (d.level === Level.CONFIDENTIAL || d.level === Level.CLASSIFIED) {
    ctx.access.reads.push({
      typeName, field, recordId: String(root.id), customerId: single?.customerId ?? null, level: d.level,
      grantId: d.grant?.id ?? null, grantPurpose: d.grant?.purpose ?? null, path: info.path,
    });
  }
  return true;
}

/**
 * The one field guard: every field of every data-carrying object passes the policy (schema.ts
 * wraps each field's resolver with it). `true` lets the resolver run, `false` makes the field null
 * (and, in reject mode, refuses the response as a whole); a promise when the record's archive is
 * still being looked up.
 */
export function guardField(
  ctx: Context, info: GraphQLResolveInfo, typeName: string, kind: RecordKind, root: Row,
): boolean | Promise<boolean> {
  const facts = kind === 'ARCHIVE' ? archiveFactsOf(ctx, typeName, root)
    : kind === 'RELATION' ? relationEndsOf(ctx, typeName, root) : null;
  if (facts instanceof Promise) return facts.then((f) => recordAndGate(ctx, info, typeName, root, f, kind));
  return recordAndGate(ctx, info, typeName, root, facts, kind);
}
