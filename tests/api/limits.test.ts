import { loadConfig } from '@custodian/api/dist/config';
import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, sql } from '../support/fixtures';

/**
 * Cost limits (issue 7): depth, aliases, root fields and a complexity budget in which list sizes
 * multiply (larger for API tokens) are checked before execution (QUERY_TOO_COMPLEX); requests per
 * token and per IP are rate limited (RATE_LIMITED, 429, Retry-After). Each refusal names its limit.
 */

const DEFAULTS = loadConfig().limits;

/** customers → contacts → customer → contacts …, `levels` deep. */
function deep(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = i % 2 === 0 ? `contacts(first: 1) { edges { node { customer { ${inner} } } } }` : inner;
  return `{ customers(first: 1) { edges { node { ${inner} } } } }`;
}

const NESTED = 'query($outer: Int, $inner: Int) { customers(first: $outer) { edges { node { id contacts(first: $inner) { edges { node { id } } } } } } }';

describe('cost limits', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = async (u: string) => (tokens[u] ??= await api.token(u));
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);

  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('per operation', () => {
    it('refuses an operation nested deeper than the depth limit, naming limit and depth, before it runs', async () => {
      const r = await gql('gm', deep(8));
      expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(r.errors![0].extensions).toMatchObject({ measure: 'depth', limit: DEFAULTS.maxDepth });
      expect(r.errors![0].extensions.actual).toBeGreaterThan(DEFAULTS.maxDepth);
      expect(r.status).toBe(400);
      expect(r.data).toBeUndefined();
      expect(codes(await gql('gm', deep(2)))).toEqual([]);
    });

    it('multiplies list sizes: 500 customers × 500 contacts is over the budget, 500 × 20 is not', async () => {
      const big = await gql('gm', NESTED, { outer: 500, inner: 500 });
      expect(codes(big)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(big.errors![0].extensions).toMatchObject({ measure: 'complexity', limit: DEFAULTS.maxComplexity });
      expect(big.errors![0].extensions.actual).toBeGreaterThan(500 * 500);
      // Nested lists of CLASSIFIED archives are withheld (FIELD_CLASSIFIED): the operation itself ran.
      expect(codes(await gql('gm', NESTED, { outer: 500, inner: 20 }))).not.toContain('QUERY_TOO_COMPLEX');
    });

    it('gives API tokens the larger budget', async () => {
      const made = ok(await gql('gm', 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', {
        input: { name: 'bulk', clearance: 'INTERNAL', scope: 'ALL', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      })).createApiToken;
      expect(codes(await api.gql(made.token, NESTED, { outer: 2000, inner: 500 }))).toEqual(['QUERY_TOO_COMPLEX']);
      const walk = await api.gql(made.token, NESTED, { outer: 1000, inner: 500 });
      expect(codes(walk)).not.toContain('QUERY_TOO_COMPLEX');
      expect(walk.data!.customers.edges.length).toBeGreaterThan(0);
    });

    it('limits aliases and root fields', async () => {
      const aliased = Array.from({ length: DEFAULTS.maxAliases + 1 }, (_, i) => `a${i}: id`).join(' ');
      const a = await gql('gm', `{ customers(first: 1) { edges { node { ${aliased} } } } }`);
      expect(codes(a)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(a.errors![0].extensions).toMatchObject({ measure: 'aliases', limit: DEFAULTS.maxAliases, actual: DEFAULTS.maxAliases + 1 });
      const roots = Array.from({ length: DEFAULTS.maxRootFields + 1 }, () => 'me { id }').join(' ');
      const b = await gql('gm', `{ ${roots} }`);
      expect(codes(b)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(b.errors![0].extensions).toMatchObject({ measure: 'rootFields', limit: DEFAULTS.maxRootFields, actual: DEFAULTS.maxRootFields + 1 });
    });

    it("lets the web app's widest operation through: the workbench's status × grade totals (25 aliased root fields)", async () => {
      const parts = ['PROSPECT', 'INTERESTED', 'SIGNED', 'ACTIVE', 'DORMANT', 'LOST'].flatMap((s) => ['A', 'B', 'C', 'D'].map((g) =>
        `${s}_${g}: customers(first: 1, where: { statusIn: [${s}], gradeIn: [${g}] }) { totalCount }`));
      expect(codes(await gql('am1', `query StatusGrade { all: customers(first: 1) { totalCount } ${parts.join(' ')} }`))).toEqual([]);
    });

    it('does not count introspection against the limits', async () => {
      const r = await gql('gm', '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } } }');
      expect(codes(r)).toEqual([]);
    });
  });

  describe('rates', () => {
    it('refuses the request above the per-token limit with 429, Retry-After and the limit, and leaves other tokens alone', async () => {
      const limited = await startApi({ config: { limits: { ...DEFAULTS, ratePerToken: 5, ratePerIp: 0 } } });
      try {
        const am1 = await limited.token('am1');
        const am2 = await limited.token('am2');
        for (let i = 0; i < 5; i++) expect(codes(await limited.gql(am1, '{ me { id } }'))).toEqual([]);
        const refused = await limited.gql(am1, '{ me { id } }');
        expect(codes(refused)).toEqual(['RATE_LIMITED']);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.errors![0].extensions).toMatchObject({ scope: 'token', limit: 5, windowSeconds: DEFAULTS.rateWindowSeconds });
        expect(codes(await limited.gql(am2, '{ me { id } }'))).toEqual([]);
      } finally {
        await limited.close();
      }
    });

    /** A client address of its own (the API trusts X-Forwarded-For from loopback): counts are shared through the database. */
    const clientIp = () => ({ 'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}` });

    it('refuses requests above the per-IP limit even without credentials', async () => {
      const limited = await startApi({ config: { limits: { ...DEFAULTS, ratePerIp: 3, ratePerToken: 0 } } });
      try {
        const ip = clientIp();
        for (let i = 0; i < 3; i++) expect(codes(await limited.gql(null, '{ __typename }', undefined, ip))).toEqual([]);
        const refused = await limited.gql(null, '{ __typename }', undefined, ip);
        expect(refused.status).toBe(429);
        expect(codes(refused)).toEqual(['RATE_LIMITED']);
        expect(refused.errors![0].extensions).toMatchObject({ scope: 'ip', limit: 3 });
        expect(codes(await limited.gql(null, '{ __typename }', undefined, clientIp()))).toEqual([]);
      } finally {
        await limited.close();
      }
    });

    it('shares the counts between API processes through the database (DESIGN §7)', async () => {
      // An hour's window, so the test never straddles a window boundary.
      const limits = { ...DEFAULTS, ratePerToken: 6, ratePerIp: 0, rateSyncMs: 50, rateWindowSeconds: 3600 };
      const a = await startApi({ config: { limits } });
      const b = await startApi({ config: { limits } });
      try {
        const am1 = await a.token('am1');
        const exchanged = () => new Promise((r) => setTimeout(r, 300));
        for (let i = 0; i < 4; i++) expect(codes(await a.gql(am1, '{ me { id } }'))).toEqual([]);
        // b decides without waiting for the database: it knows a key's shared count from its first
        // exchange after seeing the key (the documented lag of one sync interval).
        expect(codes(await b.gql(am1, '{ me { id } }'))).toEqual([]);
        await exchanged();
        expect(codes(await b.gql(am1, '{ me { id } }'))).toEqual([]);
        const refused = await b.gql(am1, '{ me { id } }');
        expect(codes(refused)).toEqual(['RATE_LIMITED']);
        expect(refused.errors![0].extensions).toMatchObject({ scope: 'token', limit: 6, actual: 7 });
        // And a learns of b's.
        await exchanged();
        expect(codes(await a.gql(am1, '{ me { id } }'))).toEqual(['RATE_LIMITED']);
        const [row] = await sql<{ n: string }>("SELECT SUM(n) AS n FROM rate_counter WHERE k LIKE 'session:%' AND n > 0 AND window_start = ?",
          [Date.now() - (Date.now() % 3_600_000)]);
        expect(Number(row.n)).toBeGreaterThanOrEqual(6);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
