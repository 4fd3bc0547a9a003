import { gzipSync } from 'node:zlib';
import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { DEMO_PASSWORD } from '../support/db';
import { closeDb, customerId, ok, onlyError, sql } from '../support/fixtures';

/**
 * Never a 500, never INTERNAL for a client's mistake, and no request — however it is refused —
 * keeps a database connection: refused requests of every kind, malformed ids, over-long strings,
 * unreadable bodies, operations that cannot be chosen or run.
 */

const LOGIN = 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }';
const REJECT = { 'x-authz-mode': 'reject' };

interface PoolInternals { _allConnections: { length: number }; _freeConnections: { length: number } }
const poolOf = (api: TestApi) => (api.server.ds.driver as unknown as { pool: PoolInternals }).pool;
/** Connections of the API's pool taken and not given back. */
const inUse = (api: TestApi) => poolOf(api)._allConnections.length - poolOf(api)._freeConnections.length;

/** Waits (bounded) until the pool has every connection back; returns how many are still out. */
async function settledPool(api: TestApi): Promise<number> {
  for (let i = 0; i < 100 && inUse(api) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return inUse(api);
}

const expectClientError = (r: GqlResult, code = 'BAD_USER_INPUT') => {
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(codes(r)).toEqual([code]);
};

describe('robustness', () => {
  let api: TestApi;
  let am1: string;
  let c1: string;

  beforeAll(async () => {
    api = await startApi();
    am1 = await api.token('am1');
    c1 = await customerId('C000001');
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('refused requests leave no transaction or connection behind', () => {
    const aliases = `mutation { ${Array.from({ length: 41 }, (_, i) => `a${i}: logout`).join(' ')} }`;
    const kinds: Array<[string, (i: number) => Promise<unknown>]> = [
      ['a limits refusal of a reject-mode mutation (41 aliases)', () => api.gql(null, aliases, undefined, REJECT)],
      ['an unauthenticated reject-mode mutation', () => api.gql(null, 'mutation { logout }', undefined, REJECT)],
      ['a bad bearer token on a reject-mode mutation', () => api.gql('cus_s_notarealtoken', 'mutation { logout }', undefined, REJECT)],
      ['a parse error', () => api.gql(am1, 'mutation {', undefined, REJECT)],
      ['a validation error', () => api.gql(am1, 'mutation { noSuchMutation }', undefined, REJECT)],
      ['an operationName naming no operation', () => api.raw(JSON.stringify({ query: 'mutation A { logout }', operationName: 'B' }), { authorization: `Bearer ${am1}`, ...REJECT })],
      ['a malformed id', () => api.gql(am1, 'mutation { deleteCustomer(input: {id: "1abc", version: 1}) }', undefined, REJECT)],
      ['a reject-mode denial (a CLASSIFIED field in the answer)', (i) => api.gql(am1,
        `mutation { createCustomer(input: {name: "refused ${i}"}) { id bankAccount } }`, undefined, REJECT)],
      ['a client that goes away mid-request', async (i) => {
        const abort = new AbortController();
        const sent = fetch(api.url, {
          method: 'POST', signal: abort.signal,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${am1}`, ...REJECT },
          body: JSON.stringify({ query: `mutation { createCustomer(input: {name: "abandoned ${i}"}) { id } }` }),
        }).catch(() => undefined);
        setTimeout(() => abort.abort(), i % 5);
        await sent;
      }],
    ];

    it.each(kinds)('%s, 50 times: /healthz, login and the pool are whole afterwards', async (_what, send) => {
      for (let i = 0; i < 50; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => send(i + k)));
      expect(await settledPool(api)).toBe(0);
      const health = await fetch(api.url.replace('/graphql', '/healthz'));
      expect(health.status).toBe(200);
      ok(await api.gql(null, LOGIN, { u: 'gm', p: DEMO_PASSWORD }));
      expect(await settledPool(api)).toBe(0);
    });

    it('rate-limited reject-mode mutations (per token and per address) leave nothing either; the server then stops', async () => {
      const limited = await startApi({ config: { limits: { ...api.server.config.limits, ratePerToken: 3, ratePerIp: 60 } } });
      try {
        const token = await limited.token('am2');
        const answers = await Promise.all(Array.from({ length: 50 }, () => limited.gql(token, 'mutation { logout }', undefined, REJECT)));
        expect(answers.filter((r) => codes(r).includes('RATE_LIMITED')).length).toBeGreaterThan(40);
        const flood = await Promise.all(Array.from({ length: 50 }, () => limited.gql(null, 'mutation { logout }', undefined, REJECT)));
        expect(flood.some((r) => r.status === 429)).toBe(true);
        expect(await settledPool(limited)).toBe(0);
      } finally {
        await limited.close();
      }
      expect(limited.server.ds.isInitialized).toBe(false);
    });

    it('a refused reject-mode mutation changed nothing', async () => {
      const [{ n }] = await sql("SELECT COUNT(*) AS n FROM customer WHERE name LIKE 'refused %' OR name LIKE 'abandoned %'");
      expect(Number(n)).toBe(0);
    });
  });

  describe('operations that cannot be chosen or run', () => {
    it('operationName naming no operation, or two operations without one: BAD_USER_INPUT, 400', async () => {
      const none = await api.raw(JSON.stringify({ query: 'query A { me { id } }', operationName: 'B' }), { authorization: `Bearer ${am1}` });
      expect(none.status).toBe(400);
      expect(((await none.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_OPERATION' });
      const two = await api.raw(JSON.stringify({ query: 'query A { me { id } } query B { me { username } }' }));
      expect(two.status).toBe(400);
      expect(((await two.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OPERATION_NOT_CHOSEN' });
    });

    it('a subscription: BAD_USER_INPUT, 400', async () => {
      expectClientError(await api.gql(am1, 'subscription { me { id } }'));
    });

    it('a persisted-query extension, well-formed or not: BAD_USER_INPUT, 400', async () => {
      for (const extensions of [{ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }, { persistedQuery: 'x' }, { persistedQuery: { version: 2 } }, 'x']) {
        const res = await api.raw(JSON.stringify({ query: '{ me { id } }', extensions }), { authorization: `Bearer ${am1}` });
        const body = (await res.json()) as any;
        expect({ extensions, status: res.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ extensions, status: 400, code: 'BAD_USER_INPUT' });
      }
    });
  });

  describe('bodies the server cannot read', () => {
    const send = (body: Buffer | string, headers: Record<string, string>) =>
      fetch(api.url, { method: 'POST', body, headers: { authorization: `Bearer ${am1}`, ...headers } });
    const json = JSON.stringify({ query: '{ me { id } }' });

    it.each([
      ['charset=latin1', json, { 'content-type': 'application/json; charset=latin1' }, 415, 'charset.unsupported'],
      ['gzip announced on a plain body', json, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400, undefined],
      ['an unknown encoding', json, { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' }, 415, 'encoding.unsupported'],
      ['malformed JSON', '{"query": ', { 'content-type': 'application/json' }, 400, 'entity.parse.failed'],
    ])('%s: 4xx with BAD_USER_INPUT and the reason', async (_what, body, headers, status, reason) => {
      const res = await send(body, headers);
      expect(res.status).toBe(status);
      const answer = (await res.json()) as any;
      expect(answer.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      if (reason) expect(answer.errors[0].extensions.reason).toBe(reason);
      expect(JSON.stringify(answer)).not.toMatch(/\bat \S+:\d+|node_modules|Error:/);
    });

    it('a real gzip body is read', async () => {
      const res = await send(gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect(res.status).toBe(200);
    });
  });

  describe('ids', () => {
    it.each(['1abc', '1 OR 1=1', '0', '-1', '01', '1.0', ' 1', '99999999999999999999', ''])('"%s" is BAD_USER_INPUT, never a record', async (bad) => {
      const asVariable = await api.gql(am1, 'query($id: ID!) { customer(id: $id) { id name } }', { id: bad });
      expectClientError(asVariable);
      expect(asVariable.data).toBeUndefined();
      const asLiteral = await api.gql(am1, `{ customer(id: ${JSON.stringify(bad)}) { id name } }`);
      expectClientError(asLiteral);
    });

    it('on writes, in input fields and in lists of ids', async () => {
      expectClientError(await api.gql(am1, 'mutation($i: DeleteInput!) { deleteContact(input: $i) }', { i: { id: '1abc', version: 1 } }));
      const create = onlyError(await api.gql(am1, 'mutation($i: CreateContactInput!) { createContact(input: $i) { id } }',
        { i: { customerId: `${c1} OR 1=1`, name: '张三' } }));
      expect(create.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerId' });
      expectClientError(await api.gql(am1, 'query($ids: [ID!]) { customers(where: {ids: $ids}) { totalCount } }', { ids: [c1, '2x'] }));
    });

    it('a well-formed id still finds its record', async () => {
      expect(ok(await api.gql(am1, 'query($id: ID!) { customer(id: $id) { id } }', { id: c1 })).customer.id).toBe(c1);
      expect(ok(await api.gql(am1, `{ customer(id: ${c1}) { id } }`)).customer.id).toBe(c1);
    });
  });

  describe('strings longer than their column', () => {
    it('a 64 KB approval comment is BAD_USER_INPUT naming the comment; nothing is decided', async () => {
      const am2 = await api.token('am2');
      const c8 = await customerId('C000008');
      const request = ok(await api.gql(am2, 'mutation($i: RequestAccessInput!) { requestAccess(input: $i) { id } }',
        { i: { customerId: c8, fields: ['annualRevenue'], purpose: 'CREDIT_ASSESSMENT', reason: '核实回款账户', hours: 4 } })).requestAccess;
      const supervisor = await api.token('supervisor1');
      const approve = 'mutation($id: ID!, $c: String) { approveAccessRequest(id: $id, comment: $c) { id status } }';
      const e = onlyError(await api.gql(supervisor, approve, { id: request.id, c: '批'.repeat(64 * 1024) }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });
      const [step] = await sql("SELECT decision FROM access_approval WHERE request_id = ? AND step = 1", [request.id]);
      expect(step.decision).toBe('PENDING');
      expect(ok(await api.gql(supervisor, approve, { id: request.id, c: '同意'.repeat(1000) })).approveAccessRequest.id).toBe(request.id);
    });

    it('a value at its column length is written, one character more is BAD_USER_INPUT naming the field', async () => {
      const create = 'mutation($i: CreateContactInput!) { createContact(input: $i) { id officePhone } }';
      const at = ok(await api.gql(am1, create, { i: { customerId: c1, name: '李四', officePhone: '1'.repeat(32) } })).createContact;
      expect(at.officePhone).toBe('1'.repeat(32));
      const over = onlyError(await api.gql(am1, create, { i: { customerId: c1, name: '李四', officePhone: '1'.repeat(33) } }));
      expect(over.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'officePhone' });
    });
  });

  describe('the client address', () => {
    it('X-Forwarded-For is believed from loopback (the web app) by default, from nobody with TRUST_PROXY=false', async () => {
      const ipOf = async (target: TestApi) => {
        const r = await target.gql(null, LOGIN, { u: 'nobody-forwarded', p: 'Wrong-password-1' }, { 'x-forwarded-for': '198.51.100.7' });
        const [e] = await sql('SELECT ip FROM audit_event WHERE request_id = ?', [r.headers.get('x-request-id')]);
        return e.ip;
      };
      expect(await ipOf(api)).toBe('198.51.100.7');
      const untrusting = await startApi({ config: { trustProxy: 'false' } });
      try {
        expect(await ipOf(untrusting)).toBe('127.0.0.1');
      } finally {
        await untrusting.close();
      }
    });
  });

  describe('configured only: introspection and the statement count', () => {
    it('production defaults: anonymous introspection refused, signed-in allowed, no x-sql-statements', async () => {
      const prod = await startApi({ config: { introspection: 'authenticated', sqlStatementsHeader: false } });
      try {
        const anonymous = await prod.gql(null, '{ __schema { queryType { name } } }');
        expect(anonymous.status).toBe(401);
        expect(onlyError(anonymous).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INTROSPECTION_DISABLED' });
        expect(codes(await prod.gql(null, '{ ...F } fragment F on Query { __type(name: "Customer") { name } }'))).toEqual(['UNAUTHENTICATED']);
        expect(ok(await prod.gql(null, '{ __typename }')).__typename).toBe('Query');
        const token = await prod.token('am1');
        const signedIn = await prod.gql(token, '{ __schema { queryType { name } } }');
        expect(ok(signedIn).__schema.queryType.name).toBe('Query');
        expect(signedIn.headers.get('x-sql-statements')).toBeNull();
      } finally {
        await prod.close();
      }
      const off = await startApi({ config: { introspection: 'false' } });
      try {
        expect(codes(await off.gql(await off.token('am1'), '{ __type(name: "Customer") { name } }'))).toEqual(['FORBIDDEN']);
      } finally {
        await off.close();
      }
    });

    it('development/test: introspection for anyone, the statement count when configured', async () => {
      const r = await api.gql(null, '{ __schema { queryType { name } } }');
      expect(ok(r).__schema.queryType.name).toBe('Query');
      expect(Number((await api.gql(am1, '{ me { id } }')).headers.get('x-sql-statements'))).toBeGreaterThan(0);
    });
  });
});
