import { createServer, AddressInfo } from 'node:net';
import { Server as HttpServer } from 'node:http';
import { buildServer, Server } from '@custodian/api';
import { codes, startApi, TestApi } from '../support/api';
import { TEST_DATABASE_URL } from '../support/db';
import { closeDb, ok, onlyError, sql, uniqueName } from '../support/fixtures';

/** Anything that would betray internals: stack frames, source paths, driver messages. */
const LEAKS = /[Ss]tack|\bat .+:\d+:\d+|\.(ts|js):\d+|node_modules|\bER_[A-Z_]+|ECONNREFUSED|Pool is closed|TypeORM|QueryFailedError/;

interface ErrorBody { errors: Array<{ extensions: { code: string } }> }
const codesOf = (body: unknown): string[] => (body as ErrorBody).errors.map((e) => e.extensions.code);

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function listen(server: Server): Promise<{ base: string; http: HttpServer }> {
  const http: HttpServer = await new Promise((resolve) => {
    const h = server.app.listen(0, '127.0.0.1', () => resolve(h));
  });
  return { base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, http };
}

describe('errors', () => {
  let api: TestApi;
  let am1: string;

  beforeAll(async () => {
    api = await startApi();
    am1 = await api.token('am1');
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  /** Posts a raw body as am1; returns status and parsed body, checking nothing leaks. */
  async function post(body: string, headers: Record<string, string> = {}) {
    const res = await api.raw(body, { authorization: `Bearer ${am1}`, ...headers });
    const text = await res.text();
    expect(text).not.toMatch(LEAKS);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  describe('malformed requests', () => {
    it.each([
      ['truncated JSON', '{"query": '],
      ['JSON that is a bare string', '"{ me { username } }"'],
      ['not JSON at all', 'query { me { username } }'],
    ])('%s: HTTP 400 with BAD_USER_INPUT and no stack', async (_what, body) => {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(codesOf(r.body)).toEqual(['BAD_USER_INPUT']);
    });

    it.each([
      ['an empty body', ''],
      ['an empty object', '{}'],
      ['a batch (disabled)', '[{"query": "{ me { username } }"}]'],
      ['variables as a string', '{"query": "{ me { username } }", "variables": "{}"}'],
      ['a syntax error in the query', '{"query": "{ me { username "}'],
    ])('%s: HTTP 400 with BAD_USER_INPUT', async (_what, body) => {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(codesOf(r.body)).toEqual(['BAD_USER_INPUT']);
    });

    it('a body over the size limit: HTTP 413 with BAD_USER_INPUT', async () => {
      const r = await post(JSON.stringify({ query: '{ me { username } }', variables: { pad: 'x'.repeat(3 * 1024 * 1024) } }));
      expect(r.status).toBe(413);
      expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('an unknown path is NOT_FOUND as JSON', async () => {
      const res = await fetch(api.url.replace(/\/graphql$/, '/nowhere'));
      expect(res.status).toBe(404);
      expect(codesOf(await res.json())[0]).toBe('NOT_FOUND');
    });
  });

  describe('invalid operations', () => {
    it('an unknown field in the selection is BAD_USER_INPUT', async () => {
      const r = await api.gql(am1, '{ customers(first: 1) { edges { node { id secretSauce } } } }');
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    });

    it('an unknown argument is BAD_USER_INPUT', async () => {
      expect(codes(await api.gql(am1, '{ customers(first: 1, offset: 10) { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
    });

    it('an unknown field in an input literal is BAD_USER_INPUT naming it', async () => {
      const e = onlyError(await api.gql(am1, 'mutation { createCustomer(input: {name: "x", ownerName: "am3"}) { id } }'));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerName' });
    });

    it('an unknown field in an input variable is BAD_USER_INPUT naming it, nested ones with their path', async () => {
      const create = onlyError(await api.gql(am1, 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: 'x', ownerName: 'am3' } }));
      expect(create.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerName' });
      const where = onlyError(await api.gql(am1, 'query($w: CustomerWhere) { customers(where: $w) { totalCount } }', { w: { annualRevenue: { gt: '1' } } }));
      expect(where.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'annualRevenue.gt' });
    });

    it.each([
      ['an Int given a string', 'query($first: Int) { customers(first: $first) { totalCount } }', { first: 'ten' }, 'first'],
      ['an Int given a fraction', 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: 'x', headcount: 1.5 } }, 'headcount'],
      ['an enum given an unknown value', 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: 'x', status: 'HAPPY' } }, 'status'],
      ['a Decimal given words', 'query($w: CustomerWhere) { customers(where: $w) { totalCount } }', { w: { annualRevenue: { gte: 'a lot' } } }, 'annualRevenue.gte'],
      ['a DateTime given words', 'query($w: CustomerWhere) { customers(where: $w) { totalCount } }', { w: { createdAt: { from: 'yesterday' } } }, 'createdAt.from'],
      ['a list given an object', 'query($w: CustomerWhere) { customers(where: $w) { totalCount } }', { w: { statusIn: { a: 1 } } }, 'statusIn'],
      ['a required field left null', 'mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', { i: { id: '1', version: null } }, 'version'],
    ])('wrong variable type, %s: BAD_USER_INPUT naming the field', async (_what, query, variables, field) => {
      const r = await api.gql(am1, query, variables);
      expect(r.status).toBe(400);
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('a missing required variable is BAD_USER_INPUT', async () => {
      expect(codes(await api.gql(am1, 'query($id: ID!) { customer(id: $id) { id } }', {}))).toEqual(['BAD_USER_INPUT']);
    });

    it('validation issues name the failed constraint and its plain arguments, next to field and message', async () => {
      const e = onlyError(await api.gql(am1, 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', {
        i: { name: 'x'.repeat(201), phone: 'call me', headcount: -1, industry: 'i'.repeat(65) },
      }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      const byField = Object.fromEntries((e.extensions.issues as Array<{ field: string }>).map((i) => [i.field, i]));
      expect(byField.name).toEqual({ field: 'name', message: expect.any(String), constraint: 'isLength', args: [1, 200] });
      expect(byField.headcount).toMatchObject({ constraint: 'min', args: [0] });
      expect(byField.industry).toMatchObject({ constraint: 'maxLength', args: [64] });
      // A pattern is not a plain argument: the constraint is named, the regular expression stays on the server.
      expect(byField.phone).toEqual({ field: 'phone', message: 'phone may contain digits, spaces and + - ( ) only', constraint: 'matches' });
    });

    it('a wrong literal type is BAD_USER_INPUT', async () => {
      expect(codes(await api.gql(am1, '{ customers(first: "ten") { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await api.gql(am1, '{ customers(where: {annualRevenue: {gte: "a lot"}}) { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('unexpected errors', () => {
    it('a row the schema cannot represent is masked as INTERNAL with the request id; the rest of the answer survives', async () => {
      const code = uniqueName('BAD').toUpperCase();
      await sql("INSERT INTO customer (code, name, status, owner_id) SELECT ?, '状态损坏', 'NO_SUCH_STATUS', id FROM app_user WHERE username = 'am1'", [code]);
      try {
        const r = await post(JSON.stringify({ query: `{ customers(where: {code: "${code}"}) { edges { node { id code status } } } }` }));
        expect(r.body.errors).toHaveLength(1);
        const [e] = r.body.errors;
        expect(e.extensions).toEqual({ code: 'INTERNAL', requestId: r.headers.get('x-request-id') });
        expect(e.message).not.toMatch(/NO_SUCH_STATUS|CustomerStatus/);
        expect(e.path).toEqual(['customers', 'edges', 0, 'node', 'status']);
        expect(r.body.data.customers.edges[0].node).toMatchObject({ code, status: null });
      } finally {
        await sql('DELETE FROM customer WHERE code = ?', [code]);
      }
    });

    it('generates its own request id whatever the client sent (the client\'s is only kept as client_request_id)', async () => {
      const requestId = uniqueName('req-');
      const r = await post(JSON.stringify({ query: '{ me { username } }' }), { 'x-request-id': requestId });
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.headers.get('x-request-id')).not.toBe(requestId);
    });

    it('a database that goes away mid-life: INTERNAL with the request id, no stack, no driver message', async () => {
      const own = await startApi();
      const token = await own.token('am1');
      // Close the real connection pool under the running server.
      await (own.server.ds.driver as unknown as { pool: { end(): Promise<void> } }).pool.end();
      const res = await own.raw(JSON.stringify({ query: '{ me { username } }' }), { authorization: `Bearer ${token}` });
      const text = await res.text();
      expect(text).not.toMatch(LEAKS);
      const body = JSON.parse(text);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL', requestId: res.headers.get('x-request-id') });
      await own.close().catch(() => undefined);
    });
  });

  describe('GET /healthz', () => {
    it('is 200 {status: ok} when the database answers', async () => {
      const res = await fetch(api.url.replace(/\/graphql$/, '/healthz'));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('is 503 with a clear message and no stack when the database is unreachable; GraphQL is refused the same way', async () => {
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = `mysql://root@127.0.0.1:${await closedPort()}/custodian`;
      let server: Server;
      try {
        server = await buildServer();
      } finally {
        process.env.DATABASE_URL = saved ?? TEST_DATABASE_URL;
      }
      await expect(server.ds.initialize()).rejects.toThrow();
      const { base, http } = await listen(server);
      try {
        const health = await fetch(`${base}/healthz`);
        const healthText = await health.text();
        expect(health.status).toBe(503);
        expect(healthText).not.toMatch(LEAKS);
        const body = JSON.parse(healthText);
        expect(body.status).not.toBe('ok');
        expect(body.message).toMatch(/database/i);

        const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { username } }' }) });
        const gqlText = await gql.text();
        expect(gql.status).toBe(503);
        expect(gqlText).not.toMatch(LEAKS);
        expect(JSON.parse(gqlText).errors[0].extensions.code).toBe('INTERNAL');
      } finally {
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await server.close();
      }
    });

    it('is 503 once the database goes away under a running server', async () => {
      const own = await startApi();
      ok(await own.gql(await own.token('am1'), '{ me { username } }'));
      await (own.server.ds.driver as unknown as { pool: { end(): Promise<void> } }).pool.end();
      const res = await fetch(own.url.replace(/\/graphql$/, '/healthz'));
      expect(res.status).toBe(503);
      expect(await res.text()).not.toMatch(LEAKS);
      await own.close().catch(() => undefined);
    });
  });
});
