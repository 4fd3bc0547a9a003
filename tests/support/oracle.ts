import {
  ARCHIVE_TYPES, FIELD_CATALOGUE, IDENTITY_FIELDS, isLevel, Level, LEVELS, RowScope,
} from '@custodian/schema';
import { sql } from './fixtures';

/**
 * An independent model of DESIGN §3 ("Access decisions"), written from the design text and NOT from
 * api/src/auth/policy.ts. It takes the default levels from the schema package's catalogue, the
 * security officer's overrides from the `field_policy` table, and every fact about users, tokens and
 * archives (clearance, role scope, department, archive level, owner, custodian) straight from the
 * database with mysql2, so the tests compare the API with the rules rather than with itself.
 */

const rank = (l: Level): number => LEVELS.indexOf(l);
const atMost = (a: Level, b: Level): boolean => rank(a) <= rank(b);
const higher = (a: Level, b: Level): Level => (rank(a) >= rank(b) ? a : b);

/** Row scopes from narrowest to widest; a user holding several roles gets the widest. */
const SCOPE_ORDER: RowScope[] = [RowScope.NONE, RowScope.SUMMARY, RowScope.OWN, RowScope.DEPARTMENT, RowScope.ALL];

/** Who asks: a signed-in user, or an API token acting for its creator within the token's limits. */
export interface OracleActor {
  label: string;
  kind: 'USER' | 'TOKEN';
  /** The user (for a token: its creator) whose ownership and custody count. */
  userId: string;
  clearance: Level;
  scope: RowScope;
  /** Materialised path of the actor's department, for DEPARTMENT scope (subtree). */
  departmentPath: string | null;
}

/** The customer archive a record belongs to (contacts, activities, orders and lines take their customer's). */
export interface Archive {
  customerId: string;
  code: string;
  archiveLevel: Level;
  ownerId: string | null;
  secondManagerId: string | null;
  custodianId: string | null;
  departmentId: string | null;
  departmentPath: string | null;
}

/** An active access grant (借阅): the whole archive when `fields` is empty, else `Type.field` coordinates. */
export interface OracleGrant {
  customerId: string;
  fields: string[];
}

export interface Decision {
  allowed: boolean;
  /** The effective level of step 2. */
  level: Level;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Which record types a grant makes exist (docs/access.md "Grants"): a whole-archive grant every type;
 * a field grant its customer, and the contacts, activities or orders (with lines) whose fields it names —
 * a line's field needs its order to be reached.
 */
function grantOpens(g: OracleGrant, recordType: string): boolean {
  if (g.fields.length === 0 || recordType === 'Customer') return true;
  const named = new Set(g.fields.map((c) => c.split('.')[0]));
  return recordType === 'SalesOrder' ? named.has('SalesOrder') || named.has('SalesOrderLine') : named.has(recordType);
}

/** The actor's standing scope: roles, department and assignment, no grants. */
export function inStandingScope(actor: OracleActor, a: Archive): boolean {
  switch (actor.scope) {
    case RowScope.ALL: return true;
    case RowScope.DEPARTMENT:
      return actor.departmentPath !== null && a.departmentPath !== null && a.departmentPath.startsWith(actor.departmentPath);
    case RowScope.OWN: return a.ownerId === actor.userId || a.secondManagerId === actor.userId;
    default: return false;
  }
}

/** Step 1 (DESIGN §3): whether a record of `recordType` in the archive exists for the actor at all. */
export function inScope(actor: OracleActor, a: Archive, grants: readonly OracleGrant[] = [], recordType = 'Customer'): boolean {
  if (grants.some((g) => g.customerId === a.customerId && grantOpens(g, recordType))) return true;
  return inStandingScope(actor, a);
}

/**
 * Derived values (DESIGN §3 step 2, docs/access.md): what each one reveals, so it is at least as
 * closed. A line amount with its quantity and price gives the discount; an order amount sums the
 * lines; the customer's open amount sums orders; the last activity time is an activity's time; the
 * choice of the primary contact tells which one is primary.
 */
const REVEALS: Record<string, string[]> = {
  'SalesOrderLine.amount': ['SalesOrderLine.discount'],
  'SalesOrder.amount': ['SalesOrderLine.amount'],
  'Customer.openOrderAmount': ['SalesOrder.amount', 'SalesOrder.receivedAmount', 'SalesOrder.status'],
  'Customer.lastActivityAt': ['Activity.occurredAt'],
  'Customer.primaryContact': ['Contact.isPrimary'],
};

export class Oracle {
  constructor(
    /** `Type.field` → level set by the security officer (field_policy). */
    readonly overrides: ReadonlyMap<string, Level>,
    /** Live customers by id. */
    readonly archives: ReadonlyMap<string, Archive>,
    /** Policy switch of step 5: the owner reads CONFIDENTIAL fields (on by default). */
    readonly ownerReadsConfidential = process.env.OWNER_READS_CONFIDENTIAL !== 'false',
  ) {}

  /** Reads the overrides and every live customer archive from the database. */
  static async load(): Promise<Oracle> {
    const policies = await sql<{ type_name: string; field_name: string; level: string }>('SELECT type_name, field_name, level FROM field_policy');
    const overrides = new Map<string, Level>();
    for (const p of policies) if (isLevel(p.level)) overrides.set(`${p.type_name}.${p.field_name}`, p.level);
    const rows = await sql(`SELECT c.id, c.code, c.archive_level, c.owner_id, c.second_manager_id, c.custodian_id, c.department_id, d.path
      FROM customer c LEFT JOIN department d ON d.id = c.department_id WHERE c.deleted_at IS NULL`);
    const archives = new Map<string, Archive>();
    for (const r of rows) {
      if (!isLevel(r.archive_level)) throw new Error(`customer ${r.id} has an unknown archive level ${r.archive_level}`);
      archives.set(String(r.id), {
        customerId: String(r.id), code: r.code, archiveLevel: r.archive_level, ownerId: str(r.owner_id),
        secondManagerId: str(r.second_manager_id), custodianId: str(r.custodian_id), departmentId: str(r.department_id),
        departmentPath: r.path ?? null,
      });
    }
    return new Oracle(overrides, archives);
  }

  archive(customerId: string): Archive {
    const a = this.archives.get(String(customerId));
    if (!a) throw new Error(`oracle: no live customer ${customerId}`);
    return a;
  }

  isArchiveType(typeName: string): boolean {
    return ARCHIVE_TYPES.includes(typeName);
  }

  isIdentity(typeName: string, field: string): boolean {
    return IDENTITY_FIELDS[typeName]?.includes(field) ?? false;
  }

  /** level(f): the override, else the catalogue default. An unlabelled field is a test failure (DESIGN §3). */
  fieldLevel(typeName: string, field: string): Level {
    const override = this.overrides.get(`${typeName}.${field}`);
    if (override) return override;
    const level = FIELD_CATALOGUE[typeName]?.[field];
    if (!level) throw new Error(`${typeName}.${field} has no level in the catalogue`);
    return level;
  }

  /** level(f) of a derived value: the highest of its own and of everything it reveals. */
  ownLevel(typeName: string, field: string): Level {
    let level = this.fieldLevel(typeName, field);
    for (const c of REVEALS[`${typeName}.${field}`] ?? []) {
      const [t, f] = c.split('.');
      level = higher(level, this.ownLevel(t, f));
    }
    return level;
  }

  /** Step 2. */
  effectiveLevel(typeName: string, field: string, archive: Archive | null): Level {
    const own = this.ownLevel(typeName, field);
    if (!archive || this.isIdentity(typeName, field)) return own;
    return higher(own, archive.archiveLevel);
  }

  /**
   * Steps 2–8 for one field of one record that exists for the actor (step 1 already passed), by an
   * actor who sees rows.
   */
  decide(actor: OracleActor, typeName: string, field: string, archive: Archive | null, grants: readonly OracleGrant[] = []): Decision {
    const level = this.effectiveLevel(typeName, field, archive);
    const person = actor.kind === 'USER';
    const mine = archive ? grants.filter((g) => g.customerId === archive.customerId) : [];
    const granted = mine.some((g) => g.fields.length === 0 || g.fields.includes(`${typeName}.${field}`));
    // Step 1: an archive seen only through field grants shows its identity and the granted coordinates.
    const onlyByFieldGrants = archive !== null && mine.length > 0 && mine.every((g) => g.fields.length > 0) && !inStandingScope(actor, archive);
    if (onlyByFieldGrants && !this.isIdentity(typeName, field)) return { allowed: granted, level };
    // Step 5: a grant opens its coordinates, above the clearance too (only people hold grants).
    if (granted) return { allowed: true, level };
    // Step 3: nothing above the clearance, but the owner switch for a person (CONFIDENTIAL, never CLASSIFIED).
    if (!atMost(level, actor.clearance)) {
      const owner = person && this.ownerReadsConfidential && archive !== null && archive.ownerId === actor.userId
        && atMost(Level.INTERNAL, actor.clearance);
      return { allowed: level === Level.CONFIDENTIAL && owner, level };
    }
    // Steps 4 and 6 within the clearance; step 7: CLASSIFIED only to its custodian in person.
    if (level !== Level.CLASSIFIED) return { allowed: true, level };
    return { allowed: person && archive !== null && archive.custodianId === actor.userId, level };
  }
}

/** The actor of a demo (or test) user, from the database: clearance, widest role scope, department. */
export async function userActor(username: string): Promise<OracleActor> {
  const rows = await sql(`SELECT u.id, u.clearance, d.path, r.scope FROM app_user u
      LEFT JOIN department d ON d.id = u.department_id
      LEFT JOIN user_role ur ON ur.user_id = u.id LEFT JOIN role r ON r.id = ur.role_id
     WHERE u.username = ?`, [username]);
  if (rows.length === 0) throw new Error(`no user ${username}`);
  const scopes = rows.map((r) => r.scope as RowScope | null).filter((s): s is RowScope => s !== null);
  const scope = scopes.reduce((a, b) => (SCOPE_ORDER.indexOf(b) > SCOPE_ORDER.indexOf(a) ? b : a), RowScope.NONE);
  return {
    label: username, kind: 'USER', userId: String(rows[0].id), clearance: rows[0].clearance as Level, scope,
    departmentPath: rows[0].path ?? null,
  };
}

/**
 * The actor of an API token, from the database: its own scope, and a clearance no higher than
 * either the token's or its creator's; ownership and custody are its creator's.
 */
export async function tokenActor(tokenId: string, label = `token ${tokenId}`): Promise<OracleActor> {
  const [t] = await sql(`SELECT t.user_id, t.scope, t.clearance, u.clearance AS user_clearance, d.path FROM api_token t
      JOIN app_user u ON u.id = t.user_id LEFT JOIN department d ON d.id = u.department_id WHERE t.id = ?`, [tokenId]);
  if (!t) throw new Error(`no API token ${tokenId}`);
  const clearance = atMost(t.clearance, t.user_clearance) ? t.clearance as Level : t.user_clearance as Level;
  return { label, kind: 'TOKEN', userId: String(t.user_id), clearance, scope: t.scope as RowScope, departmentPath: t.path ?? null };
}

/**
 * The actor's open access grants (借阅) from the database: started, not expired, returned or revoked.
 * A grant names `Type.field` coordinates (a bare field means the customer's) or, empty, the whole
 * archive. Grants belong to users; a token acting for its creator is not taken to hold them.
 */
export async function activeGrants(actor: OracleActor, now = new Date()): Promise<OracleGrant[]> {
  if (actor.kind !== 'USER') return [];
  const rows = await sql(`SELECT customer_id, fields FROM access_grant
    WHERE grantee_id = ? AND returned_at IS NULL AND revoked_at IS NULL AND starts_at <= ? AND expires_at > ?`, [actor.userId, now, now]);
  return rows.map((r) => {
    const raw = r.fields === null ? [] : typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields;
    const fields = (raw as string[]).map((f) => (f.includes('.') ? f : `Customer.${f}`));
    return { customerId: String(r.customer_id), fields };
  });
}

/** Whether the actor sees detail rows at all (SUMMARY and NONE do not). */
export const seesRows = (actor: OracleActor): boolean =>
  actor.scope === RowScope.OWN || actor.scope === RowScope.DEPARTMENT || actor.scope === RowScope.ALL;

/* ------------------------------------------------------------------------------------------------
 * Checking a whole response against the oracle
 * ---------------------------------------------------------------------------------------------- */

/** One selected field: how it is printed and how its value is checked. */
export interface Sel {
  field: string;
  /** GraphQL named type of the field (scalar, enum or object). */
  type: string;
  /** leaf: scalar/enum; ref: object as `{ id }`; count: connection as `{ totalCount }`; connection: edges/nodes;
   * list: list of objects; access: fieldAccess. */
  shape: 'leaf' | 'ref' | 'count' | 'connection' | 'list' | 'access';
  args?: string;
  children?: Sel[];
}

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
export interface IntrospectedType { name: string; kind: string; fields: Array<{ name: string; type: TypeRef }> | null }

export const INTROSPECTION = `{ __schema { types { name kind fields(includeDeprecated: true) { name
  type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`;

export function namedType(t: TypeRef): { name: string; kind: string; list: boolean } {
  let list = false;
  let cur: TypeRef = t;
  while (cur.ofType) {
    if (cur.kind === 'LIST') list = true;
    cur = cur.ofType;
  }
  return { name: cur.name!, kind: cur.kind, list };
}

/** The schema's object types by name, from an introspection result. */
export class SchemaTypes {
  readonly byName = new Map<string, IntrospectedType>();
  constructor(types: IntrospectedType[]) { for (const t of types) this.byName.set(t.name, t); }

  fields(typeName: string): Array<{ name: string; type: { name: string; kind: string; list: boolean } }> {
    const t = this.byName.get(typeName);
    if (!t?.fields) throw new Error(`schema has no object type ${typeName}`);
    return t.fields.map((f) => ({ name: f.name, type: namedType(f.type) }));
  }

  /** The node type of a connection type (`ContactConnection` → `Contact`). */
  nodeOf(connectionType: string): string {
    const edges = this.fields(connectionType).find((f) => f.name === 'edges');
    if (!edges) throw new Error(`${connectionType} is not a connection`);
    const node = this.fields(edges.type.name).find((f) => f.name === 'node');
    return node!.type.name;
  }

  /**
   * Every field of `typeName`, derived from the schema so a new field is covered automatically:
   * scalars and enums as they are, fieldAccess in full, fields named in `expand` with the given
   * children, other objects as `{ id }` (connections as `{ totalCount }`) unless `scalarsOnly`.
   */
  select(typeName: string, options: { expand?: Record<string, { args?: string; children: Sel[] }>; scalarsOnly?: boolean } = {}): Sel[] {
    const out: Sel[] = [];
    for (const f of this.fields(typeName)) {
      const { name, kind, list } = f.type;
      const expand = options.expand?.[f.name];
      if (f.name === 'fieldAccess') out.push({ field: f.name, type: name, shape: 'access' });
      else if (kind === 'SCALAR' || kind === 'ENUM') out.push({ field: f.name, type: name, shape: 'leaf' });
      else if (expand) {
        const connection = this.fields(name).some((x) => x.name === 'edges');
        out.push({ field: f.name, type: connection ? this.nodeOf(name) : name, shape: connection ? 'connection' : 'list', args: expand.args, children: expand.children });
      } else if (options.scalarsOnly) continue;
      else if (this.fields(name).some((x) => x.name === 'edges')) out.push({ field: f.name, type: this.nodeOf(name), shape: 'count' });
      else if (!list && this.fields(name).some((x) => x.name === 'id')) out.push({ field: f.name, type: name, shape: 'ref' });
      else throw new Error(`don't know how to select ${typeName}.${f.name}: ${name}`);
    }
    return out;
  }
}

/** Prints a selection set. */
export function printSel(sels: Sel[]): string {
  return sels.map((s) => {
    const head = `${s.field}${s.args ? `(${s.args})` : ''}`;
    switch (s.shape) {
      case 'leaf': return head;
      case 'ref': return `${head} { id }`;
      case 'count': return `${head} { totalCount }`;
      case 'access': return `${head} { field level readable reason requestable }`;
      case 'connection': return `${head} { edges { node { ${printSel(s.children!)} } } }`;
      case 'list': return `${head} { ${printSel(s.children!)} }`;
    }
  }).join(' ');
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Table of each archive type, and the column that links a child to its parent. */
const TABLES: Record<string, { table: string; parent?: { column: string } }> = {
  Customer: { table: 'customer' },
  Contact: { table: 'contact', parent: { column: 'customer_id' } },
  Activity: { table: 'activity', parent: { column: 'customer_id' } },
  SalesOrder: { table: 'sales_order', parent: { column: 'customer_id' } },
  SalesOrderLine: { table: 'sales_order_line', parent: { column: 'order_id' } },
};

/** Rows of the archive tables, straight from the database, to compare returned values with. */
export class DbRows {
  private constructor(private readonly rows: Map<string, Map<string, Record<string, any>>>) {}

  static async load(): Promise<DbRows> {
    const rows = new Map<string, Map<string, Record<string, any>>>();
    for (const [type, t] of Object.entries(TABLES)) {
      const live = t.table === 'sales_order_line' ? '1 = 1' : 'deleted_at IS NULL';
      const list = await sql(`SELECT * FROM ${t.table} WHERE ${live}`);
      rows.set(type, new Map(list.map((r) => [String(r.id), r])));
    }
    return new DbRows(rows);
  }

  row(type: string, id: string): Record<string, any> | undefined {
    return this.rows.get(type)?.get(String(id));
  }

  /** Ids of every live row of an archive type. */
  ids(type: string): string[] {
    return [...this.rows.get(type)!.keys()];
  }

  /** The customer archive a row of an archive type belongs to. */
  customerOf(type: string, id: string): string | null {
    const row = this.row(type, id);
    if (!row) return null;
    if (type === 'Customer') return String(row.id);
    if (type === 'SalesOrderLine') return this.customerOf('SalesOrder', String(row.order_id));
    return String(row.customer_id);
  }

  /** Ids of the live children of `parentId` of a child type (contacts of a customer, lines of an order). */
  childIds(childType: string, parentId: string): string[] {
    const parent = TABLES[childType].parent!.column;
    return [...this.rows.get(childType)!.values()].filter((r) => String(r[parent]) === String(parentId)).map((r) => String(r.id))
      .sort((a, b) => Number(a) - Number(b));
  }
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Whether an API value is the stored one. */
export function sameValue(api: unknown, db: unknown, scalar: string): boolean {
  if (db === null || db === undefined) return api === null;
  if (api === null || api === undefined) return false;
  switch (scalar) {
    case 'Boolean': return api === Boolean(Number(db));
    case 'Int': case 'Float': return api === Number(db);
    case 'DateTimeISO': return new Date(String(api)).getTime() === new Date(db as Date).getTime();
    case 'Date': return api === (db instanceof Date ? isoDay(db) : String(db).slice(0, 10));
    default: return String(api) === String(db);
  }
}

export interface ExpectedDenial { level: Level; count: number; paths: string[] }
export interface GqlError { message: string; path?: Array<string | number>; extensions: { code: string; [k: string]: any } }

/**
 * Walks a response along its selection, and for every field occurrence asks the oracle: an allowed
 * field must carry the stored value, a denied one must be null. Collects the expected denials per
 * coordinate (count and highest level) and every discrepancy as a readable line.
 */
export class ResponseCheck {
  readonly denials = new Map<string, ExpectedDenial>();
  readonly problems: string[] = [];
  /** Derived coordinates (no column of their own): their values are not compared with the database. */
  readonly derived = new Set<string>();
  /** Occurrences checked, per coordinate and verdict (for coverage assertions). */
  readonly seen = new Map<string, { allowed: number; denied: number; levels: Set<Level> }>();

  constructor(private readonly oracle: Oracle, private readonly actor: OracleActor, private readonly db: DbRows,
    private readonly grants: readonly OracleGrant[] = []) {}

  private note(coord: string, allowed: boolean, archive: Archive | null): void {
    const s = this.seen.get(coord) ?? { allowed: 0, denied: 0, levels: new Set<Level>() };
    if (allowed) s.allowed += 1; else s.denied += 1;
    if (archive) s.levels.add(archive.archiveLevel);
    this.seen.set(coord, s);
  }

  /** Checks one record of `type` (all its selected fields) belonging to `archive`. */
  record(type: string, rec: Record<string, any>, sels: Sel[], archive: Archive | null, path: Array<string | number>): void {
    const where = (field: string) => `${this.actor.label} ${[...path, field].join('.')} [${archive ? `${archive.code} ${archive.archiveLevel}` : '-'}]`;
    const isArchive = this.oracle.isArchiveType(type);
    const row = isArchive ? this.db.row(type, rec.id) : undefined;
    if (isArchive && !row) this.problems.push(`${where('id')}: no live ${type} ${rec.id} in the database`);
    const decisions = new Map<string, Decision>();
    for (const s of sels) {
      const coord = `${type}.${s.field}`;
      const d = this.oracle.decide(this.actor, type, s.field, isArchive ? archive : null, this.grants);
      decisions.set(s.field, d);
      const value = rec[s.field];
      this.note(coord, d.allowed, archive);
      if (!d.allowed) {
        if (value !== null) this.problems.push(`${where(s.field)}: denied at ${d.level} but returned ${JSON.stringify(value).slice(0, 60)}`);
        const e = this.denials.get(coord) ?? { level: d.level, count: 0, paths: [] };
        e.count += 1;
        if (rank(d.level) > rank(e.level)) e.level = d.level;
        e.paths.push([...path, s.field].join('.'));
        this.denials.set(coord, e);
        continue;
      }
      if (value === undefined) { this.problems.push(`${where(s.field)}: missing from the response`); continue; }
      switch (s.shape) {
        case 'leaf':
          // A derived field (no column of its own, e.g. lastActivityAt) is checked for access only.
          if (row && !(snake(s.field) in row)) this.derived.add(coord);
          else if (row && !sameValue(value, row[snake(s.field)], s.type)) {
            this.problems.push(`${where(s.field)}: allowed (${d.level}) but returned ${JSON.stringify(value)} instead of ${JSON.stringify(row[snake(s.field)])}`);
          }
          break;
        case 'ref': {
          const stored = row ? row[`${snake(s.field)}_id`] : undefined;
          if (row && !(`${snake(s.field)}_id` in row)) this.derived.add(coord);
          else if (row && (stored === null ? value !== null : value?.id !== String(stored))) {
            this.problems.push(`${where(s.field)}: allowed but returned ${JSON.stringify(value)} instead of id ${stored}`);
          }
          if (value) this.record(s.type, value, [{ field: 'id', type: 'ID', shape: 'leaf' }], null, [...path, s.field]);
          break;
        }
        case 'count':
          if (value === null || typeof value.totalCount !== 'number') this.problems.push(`${where(s.field)}: allowed but returned ${JSON.stringify(value)}`);
          break;
        case 'connection':
        case 'list': {
          const nodes: Array<Record<string, any>> | null = s.shape === 'connection' ? value?.edges?.map((e: { node: unknown }) => e.node) : value;
          if (!Array.isArray(nodes)) { this.problems.push(`${where(s.field)}: allowed but returned ${JSON.stringify(value)}`); break; }
          const got = nodes.map((n) => String(n.id)).sort((a, b) => Number(a) - Number(b));
          const want = this.db.childIds(s.type, rec.id);
          if (JSON.stringify(got) !== JSON.stringify(want)) this.problems.push(`${where(s.field)}: children ${got} instead of ${want}`);
          nodes.forEach((n, i) => this.record(s.type, n, s.children!, archive, s.shape === 'connection' ? [...path, s.field, 'edges', i, 'node'] : [...path, s.field, i]));
          break;
        }
        case 'access':
          break;
      }
    }
    const access = sels.find((s) => s.shape === 'access');
    if (access && Array.isArray(rec[access.field])) this.fieldAccess(type, rec[access.field], sels, decisions, archive, where);
  }

  /** fieldAccess must agree with the rules for every catalogued field, and with what this response returned. */
  private fieldAccess(type: string, entries: Array<Record<string, any>>, sels: Sel[], returned: Map<string, Decision>,
    archive: Archive | null, where: (f: string) => string): void {
    const byField = new Map(entries.map((e) => [e.field as string, e]));
    const catalogued = Object.keys(FIELD_CATALOGUE[type] ?? {}).filter((f) => f !== 'fieldAccess');
    for (const field of catalogued) {
      const e = byField.get(field);
      if (!e) { this.problems.push(`${where('fieldAccess')}: no entry for ${field}`); continue; }
      const d = this.oracle.decide(this.actor, type, field, this.oracle.isArchiveType(type) ? archive : null, this.grants);
      if (e.readable !== d.allowed || e.level !== d.level) {
        this.problems.push(`${where('fieldAccess')}: ${field} readable=${e.readable} level=${e.level}, rules say readable=${d.allowed} level=${d.level}`);
      }
      if ((e.reason === null) !== e.readable) this.problems.push(`${where('fieldAccess')}: ${field} readable=${e.readable} with reason ${e.reason}`);
    }
    for (const s of sels) {
      if (s.shape === 'access') continue;
      const e = byField.get(s.field);
      if (!e) { this.problems.push(`${where('fieldAccess')}: selected field ${s.field} has no entry`); continue; }
      if (e.readable !== returned.get(s.field)!.allowed) this.problems.push(`${where('fieldAccess')}: ${s.field} readable=${e.readable} disagrees with the response`);
    }
  }

  /**
   * Compares the response's errors with the expected denials: exactly one FIELD_CLASSIFIED error per
   * denied coordinate, count = denied occurrences, level = highest denied level, path = one of them;
   * nothing else. `coordOf` maps an error path to its coordinate.
   */
  errors(errors: GqlError[] | undefined, coordOf: (path: ReadonlyArray<string | number>) => string): void {
    const actual = new Map<string, GqlError>();
    for (const e of errors ?? []) {
      if (e.extensions?.code !== 'FIELD_CLASSIFIED') { this.problems.push(`${this.actor.label}: unexpected error ${e.extensions?.code}: ${e.message}`); continue; }
      if (!e.path) { this.problems.push(`${this.actor.label}: FIELD_CLASSIFIED without a path`); continue; }
      const coord = coordOf(e.path);
      if (actual.has(coord)) this.problems.push(`${this.actor.label}: two FIELD_CLASSIFIED errors for ${coord}`);
      actual.set(coord, e);
    }
    for (const [coord, want] of this.denials) {
      const e = actual.get(coord);
      if (!e) { this.problems.push(`${this.actor.label}: no FIELD_CLASSIFIED error for ${coord} (denied ${want.count}x at ${want.level})`); continue; }
      const x = e.extensions;
      if (x.count !== want.count) this.problems.push(`${this.actor.label}: ${coord} count ${x.count}, expected ${want.count}`);
      if (x.level !== want.level) this.problems.push(`${this.actor.label}: ${coord} level ${x.level}, expected ${want.level}`);
      if (typeof x.requestable !== 'boolean') this.problems.push(`${this.actor.label}: ${coord} requestable is ${x.requestable}`);
      if (!want.paths.includes(e.path!.join('.'))) this.problems.push(`${this.actor.label}: ${coord} path ${e.path!.join('.')} is not a denied occurrence`);
    }
    for (const coord of actual.keys()) {
      if (!this.denials.has(coord)) this.problems.push(`${this.actor.label}: FIELD_CLASSIFIED for ${coord}, which the rules allow everywhere here`);
    }
  }
}

/** Maps an error path to its field coordinate by following the selection (edges, node and indices skipped). */
export function coordinateResolver(rootField: string, rootType: string, rootSels: Sel[]) {
  return (path: ReadonlyArray<string | number>): string => {
    const segs = path.filter((p): p is string => typeof p === 'string' && p !== 'edges' && p !== 'node');
    if (segs[0] !== rootField) return `?${path.join('.')}`;
    let type = rootType;
    let sels = rootSels;
    for (let i = 1; i < segs.length; i++) {
      const s = sels.find((x) => x.field === segs[i]);
      if (!s) return `?${path.join('.')}`;
      if (i === segs.length - 1) return `${type}.${s.field}`;
      type = s.type;
      sels = s.children ?? [{ field: 'id', type: 'ID', shape: 'leaf' }];
    }
    return `?${path.join('.')}`;
  };
}
