import { ManualClock } from '@custodian/api';
import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, sql, userId } from '../support/fixtures';
import { inScope, Oracle, tokenActor, userActor } from '../support/oracle';

/**
 * API tokens (DESIGN §3, issue 3 item 7): the secret is shown once and stored hashed; role, scope and
 * clearance never above the creator's; a token reads within its own scope and clearance; revoked and
 * expired tokens are UNAUTHENTICATED; a token cannot create tokens.
 */

const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id name scope clearance expiresAt revokedAt } } }`;
const LIST = `query($where: CustomerWhere) { customers(first: 1000, where: $where) { totalCount edges { node { id } } } }`;
const DAY = 86_400_000;

const input = (over: Record<string, unknown> = {}, now = Date.now()) =>
  ({ name: 'analytics', clearance: 'INTERNAL', scope: 'ALL', expiresAt: new Date(now + DAY).toISOString(), ...over });

const sortIds = (ids: string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

describe('API tokens', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = async (u: string) => (tokens[u] ??= await api.token(u));
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);
  const create = async (u: string, over: Record<string, unknown> = {}) => gql(u, CREATE, { input: input(over) });
  const tokenCount = async () => Number((await sql('SELECT COUNT(*) AS n FROM api_token'))[0].n);
  const listIds = async (bearer: string, where?: Record<string, unknown>) =>
    sortIds(ok(await api.gql(bearer, LIST, { where })).customers.edges.map((e: { node: { id: string } }) => e.node.id));

  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('the secret', () => {
    it('is returned once by createApiToken, never by myApiTokens, and stored only as a 64-hex hash', async () => {
      const made = ok(await create('gm', { name: 'bi-tool', clearance: 'CONFIDENTIAL' })).createApiToken;
      expect(typeof made.token).toBe('string');
      expect(made.token.length).toBeGreaterThanOrEqual(32);
      expect(made.apiToken).toMatchObject({ name: 'bi-tool', scope: 'ALL', clearance: 'CONFIDENTIAL', revokedAt: null });

      // Every field of ApiToken, from the schema: none of them carries the secret.
      const fields = ok(await gql('gm', '{ __type(name: "ApiToken") { fields { name type { kind ofType { kind } } } } }')).__type.fields
        .filter((f: { type: { kind: string; ofType: { kind: string } | null } }) => f.type.kind !== 'OBJECT' && f.type.ofType?.kind !== 'OBJECT')
        .map((f: { name: string }) => f.name);
      const mine = await gql('gm', `{ myApiTokens { ${fields.join(' ')} } }`);
      expect(codes(mine)).toEqual([]);
      expect(ok(mine).myApiTokens.map((t: { id: string }) => t.id)).toContain(made.apiToken.id);
      expect(JSON.stringify(mine)).not.toContain(made.token);

      const [row] = await sql('SELECT * FROM api_token WHERE id = ?', [made.apiToken.id]);
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toBe(made.token);
      for (const value of Object.values(row)) expect(String(value)).not.toContain(made.token);
    });

    it('works as a bearer credential for its creator\'s data (me is the creator)', async () => {
      const made = ok(await create('gm')).createApiToken;
      expect(ok(await api.gql(made.token, '{ me { username } }')).me.username).toBe('gm');
    });
  });

  describe('never above the creator', () => {
    it.each([
      ['am1', { clearance: 'CONFIDENTIAL', scope: 'OWN' }, 'clearance above INTERNAL'],
      ['gm', { clearance: 'CLASSIFIED', scope: 'ALL' }, 'clearance above CONFIDENTIAL'],
      ['am1', { clearance: 'INTERNAL', scope: 'DEPARTMENT' }, 'scope wider than OWN'],
      ['am1', { clearance: 'INTERNAL', scope: 'ALL' }, 'scope wider than OWN'],
      ['supervisor1', { clearance: 'INTERNAL', scope: 'ALL' }, 'scope wider than DEPARTMENT'],
      ['viewer', { clearance: 'INTERNAL', scope: 'OWN' }, 'row scope for a SUMMARY role'],
    ])('%s asking %j (%s) → FORBIDDEN, nothing stored', async (u, over) => {
      const before = await tokenCount();
      expect(codes(await create(u, over))).toEqual(['FORBIDDEN']);
      expect(await tokenCount()).toBe(before);
    });

    it.each(['admin', 'secofficer', 'auditor'])('%s (no business data) cannot create tokens (FORBIDDEN)', async (u) => {
      expect(codes(await create(u, { clearance: 'PUBLIC', scope: 'SUMMARY' }))).toEqual(['FORBIDDEN']);
    });

    it('expiry must be in the future and at most a year ahead (BAD_USER_INPUT)', async () => {
      expect(codes(await create('gm', { expiresAt: new Date(Date.now() - 60_000).toISOString() }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await create('gm', { expiresAt: new Date(Date.now() + 400 * DAY).toISOString() }))).toEqual(['BAD_USER_INPUT']);
    });

    it('a token cannot create tokens, nor write', async () => {
      const made = ok(await create('gm')).createApiToken;
      const before = await tokenCount();
      expect(codes(await api.gql(made.token, CREATE, { input: input({ clearance: 'PUBLIC' }) }))).toEqual(['FORBIDDEN']);
      expect(await tokenCount()).toBe(before);
      const [c] = await sql('SELECT id, version FROM customer WHERE deleted_at IS NULL ORDER BY id LIMIT 1');
      const w = await api.gql(made.token, 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }',
        { input: { id: String(c.id), version: c.version, notes: 'by a token' } });
      expect(codes(w)).toEqual(['FORBIDDEN']);
    });
  });

  describe('reads within its own scope and clearance', () => {
    it.each([
      ['am1', 'OWN'], ['supervisor1', 'OWN'], ['supervisor1', 'DEPARTMENT'], ['gm', 'DEPARTMENT'], ['gm', 'ALL'],
    ])('%s token with scope %s lists exactly the customers of that scope', async (u, scope) => {
      const made = ok(await create(u, { scope })).createApiToken;
      const actor = await tokenActor(made.apiToken.id);
      expect(actor.scope).toBe(scope);
      const oracle = await Oracle.load();
      const expected = sortIds([...oracle.archives.values()].filter((a) => inScope(actor, a)).map((a) => a.customerId));
      expect(expected.length).toBeGreaterThan(0);
      expect(await listIds(made.token)).toEqual(expected);
      // Never more than the creator sees.
      const creator = await userActor(u);
      expect(expected.every((id) => inScope(creator, oracle.archive(id)))).toBe(true);
    });

    it('a SUMMARY token (viewer) sees no rows', async () => {
      const made = ok(await create('viewer', { scope: 'SUMMARY', clearance: 'INTERNAL' })).createApiToken;
      const r = await api.gql(made.token, LIST);
      if (r.data?.customers) expect(r.data.customers.edges).toEqual([]);
      else expect(codes(r)).toEqual(['FORBIDDEN']);
    });

    it('a token gets no permission its creator lacks: viewer (no CUSTOMER_READ) and its token are both refused archiveEntry', async () => {
      const [c] = await sql('SELECT code FROM customer WHERE deleted_at IS NULL ORDER BY id LIMIT 1');
      const Q = 'query($code: String!) { archiveEntry(code: $code) { id code name archiveLevel } }';
      expect(codes(await gql('viewer', Q, { code: c.code }))).toEqual(['FORBIDDEN']);
      const made = ok(await create('viewer', { scope: 'SUMMARY', clearance: 'INTERNAL' })).createApiToken;
      const r = await api.gql(made.token, Q, { code: c.code });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.data ?? null).toBeNull();
    });

    it('an INTERNAL-clearance token of gm gets FIELD_CLASSIFIED on CONFIDENTIAL fields gm itself reads', async () => {
      const [c] = await sql("SELECT id, credit_rating, annual_revenue, phone FROM customer WHERE archive_level = 'INTERNAL' AND deleted_at IS NULL AND annual_revenue IS NOT NULL ORDER BY id LIMIT 1");
      const Q = 'query($id: ID!) { customer(id: $id) { id phone creditRating annualRevenue } }';
      const byGm = await gql('gm', Q, { id: String(c.id) });
      expect(codes(byGm)).toEqual([]);
      expect(byGm.data!.customer).toEqual({ id: String(c.id), phone: c.phone, creditRating: c.credit_rating, annualRevenue: c.annual_revenue });

      const made = ok(await create('gm', { clearance: 'INTERNAL' })).createApiToken;
      const byToken = await api.gql(made.token, Q, { id: String(c.id) });
      expect(byToken.data!.customer).toEqual({ id: String(c.id), phone: c.phone, creditRating: null, annualRevenue: null });
      expect(codes(byToken)).toEqual(['FIELD_CLASSIFIED', 'FIELD_CLASSIFIED']);
      for (const e of byToken.errors!) expect(e.extensions).toMatchObject({ level: 'CONFIDENTIAL', count: 1 });

      // The same token with CONFIDENTIAL clearance reads them, like gm.
      const wide = ok(await create('gm', { clearance: 'CONFIDENTIAL' })).createApiToken;
      expect(ok(await api.gql(wide.token, Q, { id: String(c.id) })).customer).toEqual(byGm.data!.customer);
    });

    it('a CONFIDENTIAL token of gm does not read a CLASSIFIED archive', async () => {
      const [c] = await sql("SELECT id FROM customer WHERE archive_level = 'CLASSIFIED' AND deleted_at IS NULL ORDER BY id LIMIT 1");
      const made = ok(await create('gm', { clearance: 'CONFIDENTIAL' })).createApiToken;
      const r = await api.gql(made.token, 'query($id: ID!) { customer(id: $id) { id phone creditRating bankAccount } }', { id: String(c.id) });
      expect(r.data!.customer).toEqual({ id: String(c.id), phone: null, creditRating: null, bankAccount: null });
      expect(new Set(codes(r))).toEqual(new Set(['FIELD_CLASSIFIED']));
    });
  });

  describe('revoked and expired tokens', () => {
    it('a revoked token is UNAUTHENTICATED at once; only its creator can revoke it', async () => {
      const made = ok(await create('gm')).createApiToken;
      expect(codes(await api.gql(made.token, LIST))).toEqual([]);

      const other = await gql('finance1', 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }', { id: made.apiToken.id });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codes(other)[0]);
      expect(codes(await api.gql(made.token, LIST))).toEqual([]);

      const revoked = ok(await gql('gm', 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }', { id: made.apiToken.id })).revokeApiToken;
      expect(revoked.revokedAt).not.toBeNull();
      const r = await api.gql(made.token, LIST);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    });

    it('an expired token is UNAUTHENTICATED (ManualClock)', async () => {
      const clock = new ManualClock(new Date());
      const timed = await startApi({ clock });
      try {
        const gm = await timed.token('gm');
        const made = ok(await timed.gql(gm, CREATE, { input: input({ expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString() }, clock.now().getTime()) })).createApiToken;
        clock.advance(3_500_000);
        expect(codes(await timed.gql(made.token, LIST))).toEqual([]);
        clock.advance(200_000);
        const r = await timed.gql(made.token, LIST);
        expect(codes(r)).toEqual(['UNAUTHENTICATED']);
        expect(r.data ?? null).toBeNull();
      } finally {
        await timed.close();
      }
    });

    it('a token of a user who is then disabled stops working', async () => {
      const u = await userId('finance1');
      const made = ok(await create('finance1')).createApiToken;
      expect(codes(await api.gql(made.token, LIST))).toEqual([]);
      await sql('UPDATE app_user SET active = FALSE WHERE id = ?', [u]);
      try {
        expect(codes(await api.gql(made.token, LIST))).toEqual(['UNAUTHENTICATED']);
      } finally {
        await sql('UPDATE app_user SET active = TRUE WHERE id = ?', [u]);
      }
    });
  });
});
