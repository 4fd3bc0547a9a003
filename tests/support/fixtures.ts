import * as argon2 from 'argon2';
import { createPool, Pool } from 'mysql2/promise';
import { RoleName } from '@custodian/schema';
import { codes, GqlResult, TestApi } from './api';
import { TEST_DATABASE_URL } from './db';

/**
 * Direct access to the test database (mysql2), for computing expected results independently of
 * the API and for arranging rows the API cannot create (users, timestamps). One pool per test file.
 */
let pool: Pool | null = null;

function db(): Pool {
  pool ??= createPool({ uri: TEST_DATABASE_URL, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true, dateStrings: false, connectionLimit: 2 });
  return pool;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows: a caller names the columns it reads or passes T
export async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  const [rows] = await db().query(query, params);
  return rows as T[];
}

export async function closeDb(): Promise<void> {
  await pool?.end();
  pool = null;
}

export async function userId(username: string): Promise<string> {
  const [row] = await sql<{ id: string }>('SELECT id FROM app_user WHERE username = ?', [username]);
  if (!row) throw new Error(`no user ${username}`);
  return String(row.id);
}

export async function department(code: string): Promise<{ id: string; path: string }> {
  const [row] = await sql<{ id: string; path: string }>('SELECT id, path FROM department WHERE code = ?', [code]);
  if (!row) throw new Error(`no department ${code}`);
  return { id: String(row.id), path: row.path };
}

export async function customerId(code: string): Promise<string> {
  const [row] = await sql<{ id: string }>('SELECT id FROM customer WHERE code = ?', [code]);
  if (!row) throw new Error(`no customer ${code}`);
  return String(row.id);
}

/** Ids of live (not soft-deleted) customers matching an SQL condition on alias c, sorted numerically. */
export async function liveCustomerIds(condition = '1 = 1', params: unknown[] = []): Promise<string[]> {
  const rows = await sql<{ id: string }>(`SELECT c.id FROM customer c WHERE c.deleted_at IS NULL AND (${condition})`, params);
  return sortIds(rows.map((r) => String(r.id)));
}

export const sortIds = (ids: string[]): string[] => [...ids].sort((a, b) => Number(a) - Number(b));

let unique = 0;
/** A name unique within the run, for users and customer codes made by tests. */
export const uniqueName = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(++unique).toString(36)}`.slice(0, 30);

export interface TestUser {
  username: string;
  password: string;
  roles: RoleName[];
  department: string;
  mustChangePassword: boolean;
  /** INTERNAL unless given. */
  clearance?: string;
}

export const TEST_USER: Omit<TestUser, 'username'> = {
  password: 'Fixture-pass-1',
  roles: [RoleName.ACCOUNT_MANAGER],
  department: 'EAST',
  mustChangePassword: false,
};

/** Creates a user straight in the database (argon2 hash), as an administrator's tool would. */
export async function createUser(overrides: Partial<TestUser> = {}): Promise<TestUser & { id: string }> {
  const user: TestUser = { ...TEST_USER, username: uniqueName('u'), ...overrides };
  const dept = await department(user.department);
  await sql(
    `INSERT INTO app_user (username, display_name, password_hash, department_id, clearance, must_change_password)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [user.username, user.username, await argon2.hash(user.password), dept.id, user.clearance ?? 'INTERNAL', user.mustChangePassword],
  );
  const id = await userId(user.username);
  for (const role of user.roles) {
    await sql('INSERT INTO user_role (user_id, role_id) SELECT ?, id FROM role WHERE name = ?', [id, role]);
  }
  return { ...user, id };
}

/** Column values for a customer row inserted by SQL; `code` and `name` are required. */
export interface CustomerRow {
  code: string;
  name: string;
  owner: string;
  department: string;
  grade: string | null;
  status: string;
  annual_revenue: string | null;
  phone: string | null;
  created_at: Date | null;
}

export const CUSTOMER_ROW: Omit<CustomerRow, 'code' | 'name'> = {
  owner: 'am1', department: 'EAST', grade: null, status: 'PROSPECT', annual_revenue: null, phone: null, created_at: null,
};

/** Inserts a customer directly (bypassing the API), e.g. with a chosen created_at or a NULL grade. */
export async function insertCustomer(row: Pick<CustomerRow, 'code' | 'name'> & Partial<CustomerRow>): Promise<string> {
  const r = { ...CUSTOMER_ROW, ...row };
  const owner = await userId(r.owner);
  const dept = await department(r.department);
  await sql(
    `INSERT INTO customer (code, name, owner_id, department_id, grade, status, annual_revenue, phone, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))`,
    [r.code, r.name, owner, dept.id, r.grade, r.status, r.annual_revenue, r.phone, r.created_at],
  );
  return customerId(r.code);
}

/** Asserts a result has no errors and returns its data (with the errors in the failure message). */
export function ok<T>(r: GqlResult<T>): T {
  if (r.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  if (!r.data) throw new Error(`no data (HTTP ${r.status})`);
  return r.data;
}

/** The single error of a result. */
export function onlyError(r: GqlResult): NonNullable<GqlResult['errors']>[number] {
  expect(codes(r)).toHaveLength(1);
  return r.errors![0];
}

export interface WalkOptions {
  first: number;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' };
  where?: Record<string, unknown>;
  /** Called after each page but the last with the page number (1-based) and the ids received so far. */
  afterPage?: (page: number, idsSoFar: readonly string[]) => Promise<void>;
}

const WALK_QUERY = `query($first: Int, $after: String, $where: CustomerWhere, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Follows endCursor until hasNextPage is false; returns every id in the order received. */
export async function walkCustomers(api: TestApi, token: string, options: WalkOptions): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 1; page <= 10_000; page++) {
    const r = await api.gql(token, WALK_QUERY, { first: options.first, after, where: options.where, orderBy: options.orderBy });
    const conn: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = ok(r).customers;
    ids.push(...conn.edges.map((e) => e.node.id));
    expect(conn.edges.length).toBeLessThanOrEqual(options.first);
    if (!conn.pageInfo.hasNextPage) return { ids, pages: page };
    expect(conn.edges).toHaveLength(options.first);
    after = conn.pageInfo.endCursor;
    await options.afterPage?.(page, [...ids]);
  }
  throw new Error('walk did not end');
}

/**
 * Arranges an approved request and its open grant (借阅) straight in the database; `fields` null is a
 * whole-archive grant. Returns a function that removes both.
 */
export async function arrangeGrant(username: string, customer: string, fields: string[] | null): Promise<() => Promise<void>> {
  const who = await userId(username);
  const [purpose] = await sql('SELECT code FROM access_purpose ORDER BY code LIMIT 1');
  const json = fields ? JSON.stringify(fields) : null;
  await sql(`INSERT INTO access_request (requester_id, customer_id, fields, purpose, reason, hours, status, level, decided_at)
    VALUES (?, ?, ?, ?, 'fixture', 2, 'APPROVED', 'CLASSIFIED', CURRENT_TIMESTAMP(3))`, [who, customer, json, purpose.code]);
  const [{ id: requestId }] = await sql('SELECT MAX(id) AS id FROM access_request WHERE requester_id = ?', [who]);
  await sql(`INSERT INTO access_grant (request_id, grantee_id, customer_id, fields, purpose, starts_at, expires_at)
    VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3) - INTERVAL 1 MINUTE, CURRENT_TIMESTAMP(3) + INTERVAL 2 HOUR)`,
  [requestId, who, customer, json, purpose.code]);
  return async () => {
    await sql('DELETE FROM access_grant WHERE request_id = ?', [requestId]);
    await sql('DELETE FROM access_approval WHERE request_id = ?', [requestId]);
    await sql('DELETE FROM access_request WHERE id = ?', [requestId]);
  };
}
