import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, sql, userId } from '../support/fixtures';
import { coordinateResolver, DbRows, inScope, Oracle, printSel, ResponseCheck, Sel, userActor } from '../support/oracle';

/**
 * Run-time field levels (FieldPolicy): the security officer's override changes what users get on the
 * very next request — in every API process, not only the one that took the change — fieldPolicies
 * shows it, null restores the default, and nobody else may set it.
 */

const SET = 'mutation($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { typeName field defaultLevel level overridden } }';
const POLICIES = '{ fieldPolicies { typeName field defaultLevel level overridden } }';

const SELS: Sel[] = [
  { field: 'id', type: 'ID', shape: 'leaf' },
  { field: 'phone', type: 'String', shape: 'leaf' },
  { field: 'bankAccount', type: 'String', shape: 'leaf' },
  { field: 'contacts', type: 'Contact', shape: 'connection', args: 'first: 100', children: [
    { field: 'id', type: 'ID', shape: 'leaf' }, { field: 'email', type: 'String', shape: 'leaf' }, { field: 'fieldAccess', type: 'FieldAccess', shape: 'access' },
  ] },
  { field: 'fieldAccess', type: 'FieldAccess', shape: 'access' },
];
const QUERY = `{ customers(first: 500) { edges { node { ${printSel(SELS)} } } } }`;
const USERS = ['am1', 'am2', 'am3', 'supervisor1', 'gm', 'archivist'];

describe('run-time field levels (FieldPolicy)', () => {
  let api: TestApi;
  let second: TestApi;
  const tokens = new Map<string, string>();
  const secondTokens = new Map<string, string>();
  const as = async (u: string) => tokens.get(u) ?? (tokens.set(u, await api.token(u)), tokens.get(u)!);
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);
  const set = (typeName: string, field: string, level: string | null, via: TestApi | null = null) =>
    (via ? via.gql(secondTokens.get('secofficer')!, SET, { input: { typeName, field, level } }) : gql('secofficer', SET, { input: { typeName, field, level } }));

  /** Every customer (and contact) of `u`, through `via`, checked against the oracle with the overrides now in the database. */
  async function problems(u: string, via: TestApi, bearer: string): Promise<string[]> {
    const oracle = await Oracle.load();
    const actor = await userActor(u);
    const rc = new ResponseCheck(oracle, actor, await DbRows.load());
    const r = await via.gql(bearer, QUERY);
    const edges: Array<{ node: Record<string, any> }> = r.data?.customers?.edges ?? [];
    const expected = [...oracle.archives.values()].filter((a) => inScope(actor, a)).length;
    if (edges.length !== expected) rc.problems.push(`${u}: ${edges.length} customers instead of ${expected}`);
    edges.forEach((e, i) => rc.record('Customer', e.node, SELS, oracle.archive(e.node.id), ['customers', 'edges', i, 'node']));
    rc.errors(r.errors, coordinateResolver('customers', 'Customer', SELS));
    return rc.problems;
  }
  const allAgree = async (via: TestApi, store: Map<string, string>) => {
    const out: string[] = [];
    for (const u of USERS) out.push(...await problems(u, via, store.get(u)!));
    return out;
  };

  /** What one user gets for one customer's phone, through one API instance. */
  const phoneOf = async (via: TestApi, bearer: string, id: string) => {
    const r = await via.gql(bearer, 'query($id: ID!) { customer(id: $id) { phone } }', { id });
    return { phone: r.data?.customer?.phone ?? null, codes: codes(r), level: r.errors?.[0]?.extensions.level };
  };

  let shared: { id: string; phone: string };

  beforeAll(async () => {
    api = await startApi();
    second = await startApi();
    for (const u of [...USERS, 'secofficer']) {
      tokens.set(u, await api.token(u));
      secondTokens.set(u, await second.token(u));
    }
    // An INTERNAL customer owned by am1 that am2 shares as second manager (not its owner).
    const [row] = await sql(`SELECT id, phone FROM customer WHERE owner_id = ? AND second_manager_id = ? AND archive_level = 'INTERNAL'
      AND phone IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1`, [await userId('am1'), await userId('am2')]);
    shared = { id: String(row.id), phone: row.phone };
  });

  afterAll(async () => {
    await sql('DELETE FROM field_policy');
    await sql('UPDATE policy_version SET version = version + 1 WHERE id = 1');
    await second.close();
    await api.close();
    await closeDb();
  });

  it('defaults: every user\'s answer agrees with the catalogue, through both API instances', async () => {
    expect(await sql('SELECT * FROM field_policy')).toEqual([]);
    expect(await allAgree(api, tokens)).toEqual([]);
    expect(await allAgree(second, secondTokens)).toEqual([]);
  });

  it('Customer.phone → CONFIDENTIAL closes it to am2 on the very next request, in both processes; fieldPolicies shows it; null restores it', async () => {
    // Both processes have served am2 (and cached the policy) before the change.
    expect(await phoneOf(api, tokens.get('am2')!, shared.id)).toEqual({ phone: shared.phone, codes: [], level: undefined });
    expect(await phoneOf(second, secondTokens.get('am2')!, shared.id)).toEqual({ phone: shared.phone, codes: [], level: undefined });

    const changed = ok(await set('Customer', 'phone', 'CONFIDENTIAL')).setFieldLevel;
    expect(changed).toEqual({ typeName: 'Customer', field: 'phone', defaultLevel: 'INTERNAL', level: 'CONFIDENTIAL', overridden: true });
    try {
      const closed = { phone: null, codes: ['FIELD_CLASSIFIED'], level: 'CONFIDENTIAL' };
      expect(await phoneOf(api, tokens.get('am2')!, shared.id)).toEqual(closed);
      expect(await phoneOf(second, secondTokens.get('am2')!, shared.id)).toEqual(closed);
      // The owner and CONFIDENTIAL clearance still read it.
      expect((await phoneOf(second, secondTokens.get('am1')!, shared.id)).phone).toBe(shared.phone);
      expect((await phoneOf(second, secondTokens.get('supervisor1')!, shared.id)).phone).toBe(shared.phone);
      // Everyone, every record: as the rules say with the override in place.
      expect(await allAgree(api, tokens)).toEqual([]);
      expect(await allAgree(second, secondTokens)).toEqual([]);

      for (const [via, bearer] of [[api, tokens.get('secofficer')!], [second, secondTokens.get('secofficer')!]] as const) {
        const entry = ok(await via.gql(bearer, POLICIES)).fieldPolicies.find((p: { typeName: string; field: string }) => p.typeName === 'Customer' && p.field === 'phone');
        expect(entry).toEqual({ typeName: 'Customer', field: 'phone', defaultLevel: 'INTERNAL', level: 'CONFIDENTIAL', overridden: true });
      }
    } finally {
      // Restored through the second process this time.
      const restored = ok(await set('Customer', 'phone', null, second)).setFieldLevel;
      expect(restored).toEqual({ typeName: 'Customer', field: 'phone', defaultLevel: 'INTERNAL', level: 'INTERNAL', overridden: false });
    }
    expect(await phoneOf(api, tokens.get('am2')!, shared.id)).toEqual({ phone: shared.phone, codes: [], level: undefined });
    expect(await phoneOf(second, secondTokens.get('am2')!, shared.id)).toEqual({ phone: shared.phone, codes: [], level: undefined });
    const entry = ok(await gql('secofficer', POLICIES)).fieldPolicies.find((p: { typeName: string; field: string }) => p.typeName === 'Customer' && p.field === 'phone');
    expect(entry).toEqual({ typeName: 'Customer', field: 'phone', defaultLevel: 'INTERNAL', level: 'INTERNAL', overridden: false });
    expect(await sql('SELECT * FROM field_policy')).toEqual([]);
  });

  it('lowering Customer.bankAccount to INTERNAL opens it on INTERNAL archives, while the archive level still closes CLASSIFIED ones', async () => {
    ok(await set('Customer', 'bankAccount', 'INTERNAL'));
    try {
      expect(await allAgree(api, tokens)).toEqual([]);
      expect(await allAgree(second, secondTokens)).toEqual([]);
      const [open] = await sql("SELECT id, bank_account FROM customer WHERE archive_level = 'INTERNAL' AND deleted_at IS NULL ORDER BY id LIMIT 1");
      const [closed] = await sql("SELECT id FROM customer WHERE archive_level = 'CLASSIFIED' AND deleted_at IS NULL ORDER BY id LIMIT 1");
      const Q = 'query($id: ID!) { customer(id: $id) { bankAccount } }';
      expect(ok(await gql('gm', Q, { id: String(open.id) })).customer.bankAccount).toBe(open.bank_account);
      const r = await gql('gm', Q, { id: String(closed.id) });
      expect(r.data!.customer.bankAccount).toBeNull();
      expect(r.errors![0].extensions).toMatchObject({ code: 'FIELD_CLASSIFIED', level: 'CLASSIFIED' });
    } finally {
      ok(await set('Customer', 'bankAccount', null));
    }
  });

  it('a nested type\'s field (Contact.email → CLASSIFIED) is closed inside customers → contacts too', async () => {
    ok(await set('Contact', 'email', 'CLASSIFIED', second));
    try {
      expect(await allAgree(api, tokens)).toEqual([]);
      const r = await gql('gm', '{ contacts(first: 5) { edges { node { email } } } }');
      expect(r.data!.contacts.edges.every((e: { node: { email: string | null } }) => e.node.email === null)).toBe(true);
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
    } finally {
      ok(await set('Contact', 'email', null, second));
    }
  });

  it('an unknown field is BAD_USER_INPUT', async () => {
    expect(codes(await set('Customer', 'noSuchField', 'PUBLIC'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await set('NoSuchType', 'phone', 'PUBLIC'))).toEqual(['BAD_USER_INPUT']);
  });

  it.each(['admin', 'auditor', 'gm', 'infosup', 'archivist', 'supervisor1', 'am1', 'finance1', 'viewer'])(
    '%s cannot set field levels (FORBIDDEN, nothing stored)', async (u) => {
      const r = await gql(u, SET, { input: { typeName: 'Customer', field: 'bankAccount', level: 'PUBLIC' } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      const restore = await gql(u, SET, { input: { typeName: 'Customer', field: 'phone', level: null } });
      expect(codes(restore)).toEqual(['FORBIDDEN']);
      expect(await sql('SELECT * FROM field_policy')).toEqual([]);
    });

  it('an API token cannot set field levels either', async () => {
    const made = ok(await gql('gm', 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'fp', clearance: 'INTERNAL', scope: 'ALL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } })).createApiToken;
    expect(codes(await api.gql(made.token, SET, { input: { typeName: 'Customer', field: 'bankAccount', level: 'PUBLIC' } }))).toEqual(['FORBIDDEN']);
  });
});
