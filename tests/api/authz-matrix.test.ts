import { IDENTITY_FIELDS, Level, LEVELS, RoleName } from '@custodian/schema';
import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { DEMO_PASSWORD } from '../support/db';
import { arrangeGrant, closeDb, createUser, department, ok, sql, uniqueName, userId } from '../support/fixtures';
import {
  activeGrants, Archive, coordinateResolver, DbRows, inScope, INTROSPECTION, Oracle, OracleActor, printSel, ResponseCheck, SchemaTypes, seesRows, Sel,
  tokenActor, userActor,
} from '../support/oracle';

/**
 * The authorisation matrix (DESIGN §3, issue 3 "How it is checked"): every demo user and an API
 * token × every field of Customer, Contact, SalesOrderLine (and SalesOrder, Activity) × every record
 * in scope × every archive level. The selection is derived from the schema by introspection and the
 * expected answer from tests/support/oracle.ts, so a new field, role or record is covered without
 * editing this file.
 */

const DEMO_USERS = ['admin', 'secofficer', 'auditor', 'gm', 'infosup', 'archivist', 'supervisor1', 'supervisor2', 'am1', 'am2', 'am3', 'finance1', 'viewer'];
const GM_TOKEN = 'gm-token(CONFIDENTIAL, ALL)';
/** Tokens below their creator's rights (the clearance caps a token whatever its creator owns or keeps). */
const LOW_TOKENS: Array<[string, string, { clearance: string; scope: string }]> = [
  ['am1-token(PUBLIC, OWN)', 'am1', { clearance: 'PUBLIC', scope: 'OWN' }],
  ['archivist-token(INTERNAL, ALL)', 'archivist', { clearance: 'INTERNAL', scope: 'ALL' }],
  ['archivist-token(CLASSIFIED, ALL)', 'archivist', { clearance: 'CLASSIFIED', scope: 'ALL' }],
];
/** A West sales supervisor cleared PUBLIC only (made by the suite). */
const PUBLIC_PERSON = 'pub';
const ACTORS = [...DEMO_USERS, GM_TOKEN, ...LOW_TOKENS.map(([label]) => label), PUBLIC_PERSON];
const byNumber = (a: string, b: string): number => Number(a) - Number(b);

interface Shape { root: string; type: string; sels: Sel[]; query: string }

describe('authorisation matrix (DESIGN §3 steps 1–7)', () => {
  let api: TestApi;
  let types: SchemaTypes;
  let main: Shape;
  let children: Shape;
  const bearer = new Map<string, string>();
  const actors = new Map<string, OracleActor>();
  const restoreLevels: Array<{ id: string; level: string }> = [];
  const restoreCustodians: Array<{ id: string; custodian: string | null }> = [];

  const listQuery = (root: string, sels: Sel[]) => `query Matrix { ${root}(first: 500) { totalCount edges { node { ${printSel(sels)} } } } }`;
  const shape = (root: string, type: string, sels: Sel[]): Shape => ({ root, type, sels, query: listQuery(root, sels) });
  /** Root lists of the records that belong to a customer archive, each with every field. */
  let rootLists: Shape[] = [];

  beforeAll(async () => {
    api = await startApi();
    // All four archive levels must occur: a few customers per department become PUBLIC.
    for (const code of ['EAST', 'WEST']) {
      const dept = await department(code);
      const rows = await sql(`SELECT id, archive_level FROM customer WHERE department_id = ? AND archive_level = 'INTERNAL' AND deleted_at IS NULL
        ORDER BY id LIMIT 2`, [dept.id]);
      for (const r of rows) {
        restoreLevels.push({ id: String(r.id), level: r.archive_level });
        await sql('UPDATE customer SET archive_level = ? WHERE id = ?', [Level.PUBLIC, r.id]);
      }
    }
    types = new SchemaTypes(ok(await api.gql(await api.token('gm'), INTROSPECTION)).__schema.types);
    const lineSels = types.select('SalesOrderLine', { scalarsOnly: true });
    const mainSels = types.select('Customer', {
      expand: {
        contacts: { args: 'first: 100', children: types.select('Contact', { scalarsOnly: true }) },
        salesOrders: { args: 'first: 100', children: [{ field: 'id', type: 'ID', shape: 'leaf' }, { field: 'lines', type: 'SalesOrderLine', shape: 'list', children: lineSels }] },
      },
    });
    main = shape('customers', 'Customer', mainSels);
    const childSels: Sel[] = [
      { field: 'id', type: 'ID', shape: 'leaf' },
      { field: 'salesOrders', type: 'SalesOrder', shape: 'connection', args: 'first: 100', children: types.select('SalesOrder', { scalarsOnly: true }) },
      { field: 'activities', type: 'Activity', shape: 'connection', args: 'first: 100', children: types.select('Activity', { scalarsOnly: true }) },
    ];
    children = shape('customers', 'Customer', childSels);
    const lines = { lines: { children: lineSels } };
    rootLists = [
      shape('contacts', 'Contact', types.select('Contact')),
      shape('salesOrders', 'SalesOrder', types.select('SalesOrder', { expand: lines })),
      shape('activities', 'Activity', types.select('Activity')),
    ];

    // Custodians below the clearance their archive needs: infosup (CONFIDENTIAL) keeps a West CLASSIFIED
    // archive, am1 (INTERNAL) keeps its INTERNAL C000001 (the API refuses such appointments; arranged here).
    const [west] = await sql(`SELECT c.id, c.custodian_id FROM customer c JOIN department d ON d.id = c.department_id
      WHERE d.code = 'WEST' AND c.archive_level = 'CLASSIFIED' AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`);
    const [c1] = await sql("SELECT id, custodian_id FROM customer WHERE code = 'C000001'");
    for (const [row, keeper] of [[west, 'infosup'], [c1, 'am1']] as const) {
      restoreCustodians.push({ id: String(row.id), custodian: row.custodian_id === null ? null : String(row.custodian_id) });
      await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [await userId(keeper), row.id]);
    }
    await createUser({ username: PUBLIC_PERSON + uniqueName(''), password: DEMO_PASSWORD, roles: [RoleName.SALES_SUPERVISOR], department: 'WEST' })
      .then(async (u) => {
        await sql("UPDATE app_user SET clearance = 'PUBLIC' WHERE id = ?", [u.id]);
        bearer.set(PUBLIC_PERSON, await api.token(u.username));
        actors.set(PUBLIC_PERSON, { ...(await userActor(u.username)), label: PUBLIC_PERSON });
      });
    for (const u of DEMO_USERS) {
      bearer.set(u, await api.token(u));
      actors.set(u, await userActor(u));
    }
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const CREATE_TOKEN = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }';
    for (const [label, creator, limits] of [[GM_TOKEN, 'gm', { clearance: 'CONFIDENTIAL', scope: 'ALL' }], ...LOW_TOKENS] as const) {
      const created = ok(await api.gql(bearer.get(creator)!, CREATE_TOKEN, { input: { name: 'matrix', ...limits, expiresAt } })).createApiToken;
      bearer.set(label, created.token);
      actors.set(label, await tokenActor(created.apiToken.id, label));
    }
  });

  afterAll(async () => {
    for (const r of restoreLevels) await sql('UPDATE customer SET archive_level = ? WHERE id = ?', [r.level, r.id]);
    for (const r of restoreCustodians) await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [r.custodian, r.id]);
    await api.close();
    await closeDb();
  });

  /** Runs a shape as an actor and checks every occurrence, every error and the row set. */
  async function check(label: string, shape: Shape, headers: Record<string, string> = {}) {
    const oracle = await Oracle.load();
    const db = await DbRows.load();
    const actor = actors.get(label)!;
    const r = await api.gql(bearer.get(label)!, shape.query, {}, headers);
    const grants = await activeGrants(actor);
    const rc = new ResponseCheck(oracle, actor, db, grants);
    const expectedIds = db.ids(shape.type).filter((id) => inScope(actor, oracle.archive(db.customerOf(shape.type, id)!), grants, shape.type)).sort(byNumber);
    return { r, rc, oracle, db, grants, expectedIds, coordOf: coordinateResolver(shape.root, shape.type, shape.sels) };
  }

  function walk(rc: ResponseCheck, oracle: Oracle, db: DbRows, shape: Shape, r: GqlResult, expectedIds: string[]): void {
    const edges: Array<{ node: Record<string, any> }> = r.data![shape.root].edges;
    const got = edges.map((e) => String(e.node.id)).sort(byNumber);
    if (JSON.stringify(got) !== JSON.stringify(expectedIds)) rc.problems.push(`${shape.root}: rows ${got} instead of ${expectedIds}`);
    if (r.data![shape.root].totalCount !== expectedIds.length) rc.problems.push(`${shape.root}: totalCount ${r.data![shape.root].totalCount}, expected ${expectedIds.length}`);
    edges.forEach((e, i) => {
      const customer = db.customerOf(shape.type, String(e.node.id));
      rc.record(shape.type, e.node, shape.sels, customer ? oracle.archive(customer) : null, [shape.root, 'edges', i, 'node']);
    });
  }

  it('the data holds all four archive levels in both departments', async () => {
    const rows = await sql(`SELECT d.code, c.archive_level, COUNT(*) AS n FROM customer c JOIN department d ON d.id = c.department_id
      WHERE c.deleted_at IS NULL GROUP BY d.code, c.archive_level`);
    for (const dept of ['EAST', 'WEST']) {
      expect(rows.filter((r) => r.code === dept).map((r) => r.archive_level).sort()).toEqual([...LEVELS].sort());
    }
  });

  it('the selection covers every field of Customer, Contact and SalesOrderLine, including object fields', () => {
    const printed = main.query;
    for (const t of ['Customer', 'Contact', 'SalesOrderLine', 'SalesOrder', 'Activity']) {
      for (const f of types.fields(t)) {
        const scalar = f.type.kind === 'SCALAR' || f.type.kind === 'ENUM' || f.name === 'fieldAccess';
        if (t === 'Customer' || scalar) expect(`${printed} ${children.query}`).toMatch(new RegExp(`\\b${f.name}\\b`));
      }
    }
  });

  describe.each(ACTORS)('%s', (label) => {
    it('customers with every field, contacts and order lines: value exactly when the rules allow, else null + FIELD_CLASSIFIED with count and level', async () => {
      const { r, rc, oracle, db, expectedIds, coordOf } = await check(label, main);
      const actor = actors.get(label)!;
      if (!seesRows(actor)) {
        // SUMMARY and NONE hold no rows: the list is refused or empty.
        if (r.data?.customers) expect(r.data.customers.edges).toEqual([]);
        else expect(codes(r)).toEqual(['FORBIDDEN']);
        expect(expectedIds).toEqual([]);
        return;
      }
      expect(expectedIds.length).toBeGreaterThan(0);
      walk(rc, oracle, db, main, r, expectedIds);
      rc.errors(r.errors, coordOf);
      expect(rc.problems).toEqual([]);
      // Something was checked at every archive level the actor can see.
      const levels = new Set(expectedIds.map((id) => oracle.archive(id).archiveLevel));
      expect(rc.seen.get('Customer.annualRevenue')!.levels).toEqual(levels);
    });

    it('orders and activities with every scalar field, under the same rules', async () => {
      const { r, rc, oracle, db, expectedIds, coordOf } = await check(label, children);
      if (!seesRows(actors.get(label)!)) {
        if (r.data?.customers) expect(r.data.customers.edges).toEqual([]);
        else expect(codes(r)).toEqual(['FORBIDDEN']);
        return;
      }
      walk(rc, oracle, db, children, r, expectedIds);
      rc.errors(r.errors, coordOf);
      expect(rc.problems).toEqual([]);
    });

    it('contacts, salesOrders (with lines) and activities as root lists, every field: same rules, archive of the parent customer', async () => {
      const problems: string[] = [];
      for (const list of rootLists) {
        const { r, rc, oracle, db, expectedIds, coordOf } = await check(label, list);
        if (!seesRows(actors.get(label)!)) {
          if (r.data?.[list.root]) expect(r.data[list.root].edges).toEqual([]);
          else expect(codes(r)).toEqual(['FORBIDDEN']);
          continue;
        }
        if (!r.data?.[list.root]) { problems.push(`${list.root}: no data, errors ${JSON.stringify(r.errors).slice(0, 400)}`); continue; }
        walk(rc, oracle, db, list, r, expectedIds);
        rc.errors(r.errors, coordOf);
        problems.push(...rc.problems);
      }
      expect(problems).toEqual([]);
    });

    it('x-authz-mode: reject refuses the whole operation when anything is denied (data null, only FIELD_CLASSIFIED)', async () => {
      const { r, rc, oracle, db, grants, expectedIds } = await check(label, main, { 'x-authz-mode': 'reject' });
      if (!seesRows(actors.get(label)!)) {
        if (r.data?.customers) expect(r.data.customers.edges).toEqual([]);
        else expect(codes(r)).toEqual(['FORBIDDEN']);
        return;
      }
      // What would be denied, from the rules alone.
      const expected = new ResponseCheck(oracle, actors.get(label)!, db, grants);
      const normal = await api.gql(bearer.get(label)!, main.query);
      walk(expected, oracle, db, main, normal, expectedIds);
      if (expected.denials.size === 0) {
        expect(r.errors ?? []).toEqual([]);
        expect(r.data).toEqual(normal.data);
        return;
      }
      expect(r.data ?? null).toBeNull();
      expect(new Set(codes(r))).toEqual(new Set(['FIELD_CLASSIFIED']));
      const coords = coordinateResolver(main.root, 'Customer', main.sels);
      expect(new Set((r.errors ?? []).map((e) => coords(e.path ?? [])))).toEqual(new Set(expected.denials.keys()));
      expect(rc.problems).toEqual([]);
    });
  });

  describe('step 4: active grants (借阅), arranged in the database', () => {
    const runMatrix = async (label: string) => {
      const { r, rc, oracle, db, expectedIds, coordOf } = await check(label, main);
      walk(rc, oracle, db, main, r, expectedIds);
      rc.errors(r.errors, coordOf);
      return { rc, expectedIds };
    };

    it('a field grant opens exactly the granted coordinates of that archive (am2 on its own CLASSIFIED archive)', async () => {
      const am2 = actors.get('am2')!;
      const oracle = await Oracle.load();
      const archive = [...oracle.archives.values()].find((a) => a.archiveLevel === Level.CLASSIFIED && a.ownerId === am2.userId)!;
      const remove = await arrangeGrant('am2', archive.customerId, ['Customer.bankAccount', 'Customer.annualRevenue']);
      try {
        const { rc } = await runMatrix('am2');
        expect(rc.problems).toEqual([]);
        const r = await api.gql(bearer.get('am2')!, 'query($id: ID!) { customer(id: $id) { bankAccount annualRevenue phone } }', { id: archive.customerId });
        const [row] = await sql('SELECT bank_account, annual_revenue FROM customer WHERE id = ?', [archive.customerId]);
        expect(r.data!.customer).toEqual({ bankAccount: row.bank_account, annualRevenue: row.annual_revenue, phone: null });
      } finally {
        await remove();
      }
    });

    it('a field grant outside the scope opens the granted fields and the identity only, through every list (am3, East archive)', async () => {
      const oracle = await Oracle.load();
      const east = (await department('EAST')).id;
      const archive = [...oracle.archives.values()].find((a) => a.archiveLevel === Level.INTERNAL && a.departmentId === east)!;
      const remove = await arrangeGrant('am3', archive.customerId, ['Customer.bankAccount', 'Contact.mobile']);
      try {
        const problems: string[] = [];
        for (const s of [main, children, ...rootLists]) {
          const { r, rc, db, expectedIds, coordOf } = await check('am3', s);
          walk(rc, oracle, db, s, r, expectedIds);
          rc.errors(r.errors, coordOf);
          problems.push(...rc.problems);
          // The archive's contacts exist (Contact.mobile is granted); its orders and activities do not.
          const own = expectedIds.filter((id) => db.customerOf(s.type, id) === archive.customerId);
          if (s.type === 'Contact' || s.type === 'Customer') expect({ type: s.type, seen: own.length > 0 }).toEqual({ type: s.type, seen: true });
          else expect({ type: s.type, own }).toEqual({ type: s.type, own: [] });
        }
        expect(problems).toEqual([]);
      } finally {
        await remove();
      }
    });

    it('a whole-archive grant opens an archive outside the scope (supervisor2 on an East CLASSIFIED archive)', async () => {
      const oracle = await Oracle.load();
      const east = (await department('EAST')).id;
      const archive = [...oracle.archives.values()].find((a) => a.archiveLevel === Level.CLASSIFIED && a.departmentId === east)!;
      const remove = await arrangeGrant('supervisor2', archive.customerId, null);
      try {
        const { rc, expectedIds } = await runMatrix('supervisor2');
        expect(expectedIds).toContain(archive.customerId);
        expect(rc.problems).toEqual([]);
      } finally {
        await remove();
      }
    });
  });

  describe('named consequences of the rules', () => {
    const CONFIDENTIAL_FIELDS = ['creditRating', 'annualRevenue', 'registeredCapital', 'taxId', 'bankName', 'financialNotes'];
    const GET = (fields: string[]) => `query($id: ID!) { customer(id: $id) { id archiveLevel ${fields.join(' ')} } }`;

    it('am1 (INTERNAL clearance) reads the CONFIDENTIAL fields of its own customers, CONFIDENTIAL archives included', async () => {
      const am1 = actors.get('am1')!;
      const oracle = await Oracle.load();
      const own = [...oracle.archives.values()].filter((a) => a.ownerId === am1.userId && a.archiveLevel !== Level.CLASSIFIED);
      expect(new Set(own.map((a) => a.archiveLevel))).toEqual(new Set([Level.PUBLIC, Level.INTERNAL, Level.CONFIDENTIAL]));
      for (const a of own) {
        const r = await api.gql(bearer.get('am1')!, GET([...CONFIDENTIAL_FIELDS, 'phone', 'address']), { id: a.customerId });
        expect(r.errors ?? []).toEqual([]);
        const [row] = await sql('SELECT credit_rating, annual_revenue, tax_id, phone FROM customer WHERE id = ?', [a.customerId]);
        expect(r.data!.customer).toMatchObject({ creditRating: row.credit_rating, annualRevenue: row.annual_revenue, taxId: row.tax_id, phone: row.phone });
        // Seeded customers all have a credit rating; ones other suites created may not.
        if (row.credit_rating !== null) expect(r.data!.customer.creditRating).not.toBeNull();
      }
      expect(own.some((a) => a.archiveLevel === Level.CONFIDENTIAL)).toBe(true);
    });

    it('being second manager is not being owner: am2 gets FIELD_CLASSIFIED on CONFIDENTIAL fields of am1\'s customer it shares', async () => {
      const [shared] = await sql('SELECT id FROM customer WHERE owner_id = ? AND second_manager_id = ? AND archive_level IN (\'PUBLIC\', \'INTERNAL\') LIMIT 1',
        [actors.get('am1')!.userId, actors.get('am2')!.userId]);
      const r = await api.gql(bearer.get('am2')!, GET(['creditRating', 'phone']), { id: String(shared.id) });
      expect(r.data!.customer.creditRating).toBeNull();
      expect(r.data!.customer.phone).not.toBeNull();
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
      expect(r.errors![0].extensions).toMatchObject({ level: 'CONFIDENTIAL', count: 1 });
    });

    it('x-authz-mode: reject on a mutation: a refused operation has not taken effect', async () => {
      const am1 = actors.get('am1')!;
      const [c] = await sql("SELECT id, name, version FROM customer WHERE archive_level = 'CLASSIFIED' AND owner_id = ? AND deleted_at IS NULL LIMIT 1", [am1.userId]);
      // am1 may write the name (identity) but not read the version of its CLASSIFIED archive.
      const r = await api.gql(bearer.get('am1')!, 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id name version } }',
        { input: { id: String(c.id), version: c.version, name: `${c.name}#` } }, { 'x-authz-mode': 'reject' });
      const [after] = await sql('SELECT name, version FROM customer WHERE id = ?', [c.id]);
      await sql('UPDATE customer SET name = ?, version = ? WHERE id = ?', [c.name, c.version, c.id]);
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
      expect(r.data ?? null).toBeNull();
      expect({ name: after.name, version: after.version }).toEqual({ name: c.name, version: c.version });
    });

    it('only archivist in person reads a CLASSIFIED archive — no token (its own neither), owner or low-cleared custodian', async () => {
      const oracle = await Oracle.load();
      const classified = [...oracle.archives.values()].filter((a: Archive) => a.archiveLevel === Level.CLASSIFIED);
      expect(classified.length).toBeGreaterThan(0);
      const contents = types.fields('Customer').filter((f) => (f.type.kind === 'SCALAR' || f.type.kind === 'ENUM') && !IDENTITY_FIELDS.Customer.includes(f.name))
        .map((f) => f.name);
      const readers: string[] = [];
      for (const label of ACTORS) {
        const actor = actors.get(label)!;
        for (const a of classified.filter((x) => inScope(actor, x))) {
          const r = await api.gql(bearer.get(label)!, GET(contents), { id: a.customerId });
          const c = r.data!.customer;
          const returned = contents.filter((f) => c[f] !== null);
          if (returned.length > 0) readers.push(label);
          // archivist keeps all but the one archive this suite gave infosup (who, cleared CONFIDENTIAL, reads nothing of it).
          if (label !== 'archivist' || a.custodianId !== actor.userId) {
            expect({ label, code: a.code, returned }).toEqual({ label, code: a.code, returned: [] });
            expect(new Set(codes(r))).toEqual(new Set(['FIELD_CLASSIFIED']));
            for (const e of r.errors!) expect(e.extensions.level).toBe('CLASSIFIED');
          } else {
            expect(r.errors ?? []).toEqual([]);
          }
        }
      }
      expect([...new Set(readers)]).toEqual(['archivist']);
    });
  });
});
