import { codes, startApi, TestApi } from '../support/api';
import { closeDb, customerId, ok, onlyError, sql, uniqueName } from '../support/fixtures';

const TYPES = '{ relationTypes { id name inverseName description } }';
const CREATE_TYPE = 'mutation($input: CreateRelationTypeInput!) { createRelationType(input: $input) { id name inverseName description version } }';
const RELATION_FIELDS = 'id fromCustomerId toCustomerId relationTypeId note version fromCustomer { id } toCustomer { id } relationType { name inverseName }';
const RELATIONS = `query($customerId: ID!) { customerRelations(customerId: $customerId) { ${RELATION_FIELDS} } }`;
const CREATE = `mutation($input: CreateCustomerRelationInput!) { createCustomerRelation(input: $input) { ${RELATION_FIELDS} } }`;
const DELETE = 'mutation($id: ID!, $version: Int!) { deleteCustomerRelation(input: {id: $id, version: $version}) }';
const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }';

describe('customer relations', () => {
  let api: TestApi;
  let am1: string;
  let am3: string;
  let gm: string;
  let admin: string;
  /** ALL scope with CUSTOMER_WRITE: can relate customers across departments. */
  let archivist: string;
  let parentType: string;

  const newCustomer = async (token = am1): Promise<string> =>
    ok(await api.gql(token, CREATE_CUSTOMER, { input: { name: uniqueName('关系测试客户') } })).createCustomer.id;
  const relate = async (fromCustomerId: string, toCustomerId: string, extra: Record<string, unknown> = {}, token = am1) =>
    ok(await api.gql(token, CREATE, { input: { fromCustomerId, toCustomerId, relationTypeId: parentType, ...extra } })).createCustomerRelation;
  const relationIds = async (token: string, customer: string): Promise<string[]> =>
    ok(await api.gql(token, RELATIONS, { customerId: customer })).customerRelations.map((r: { id: string }) => r.id);

  beforeAll(async () => {
    api = await startApi();
    [am1, am3, gm, admin, archivist] = await Promise.all(['am1', 'am3', 'gm', 'admin', 'archivist'].map((u) => api.token(u)));
    const types: Array<{ id: string; name: string }> = ok(await api.gql(am1, TYPES)).relationTypes;
    parentType = types.find((t) => t.name === '母公司')!.id;
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('relationTypes', () => {
    it('lists the seeded types by name, to any signed-in user', async () => {
      const names = ok(await api.gql(admin, TYPES)).relationTypes.map((t: { name: string }) => t.name);
      expect(names).toEqual(expect.arrayContaining(['母公司', '雇佣', '亲属']));
      expect(ok(await api.gql(am1, TYPES)).relationTypes).toHaveLength(names.length);
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      expect(codes(await api.gql(null, TYPES))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('createRelationType', () => {
    it('lets the system administrator define a type', async () => {
      const name = uniqueName('合作伙伴');
      const t = ok(await api.gql(admin, CREATE_TYPE, { input: { name, inverseName: '合作伙伴', description: 'partner' } })).createRelationType;
      expect(t).toMatchObject({ name, inverseName: '合作伙伴', description: 'partner', version: 1 });
      expect(ok(await api.gql(am1, TYPES)).relationTypes.map((x: { id: string }) => x.id)).toContain(t.id);
    });

    it('refuses a duplicate name with CONFLICT', async () => {
      expect(codes(await api.gql(admin, CREATE_TYPE, { input: { name: '母公司' } }))).toEqual(['CONFLICT']);
    });

    it('refuses an empty name with BAD_USER_INPUT naming it', async () => {
      expect(onlyError(await api.gql(admin, CREATE_TYPE, { input: { name: '' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    });

    it.each(['am1', 'gm', 'secofficer'])('refuses %s (no USER_ADMIN) with FORBIDDEN', async (user) => {
      const r = await api.gql(await api.token(user), CREATE_TYPE, { input: { name: uniqueName('越权类型') } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
    });
  });

  describe('createCustomerRelation', () => {
    it('relates two customers in scope; both ends list it with its type', async () => {
      const [a, b] = [await newCustomer(), await newCustomer()];
      const r = await relate(a, b, { note: '控股 60%' });
      expect(r).toMatchObject({
        fromCustomerId: a, toCustomerId: b, relationTypeId: parentType, note: '控股 60%', version: 1,
        fromCustomer: { id: a }, toCustomer: { id: b }, relationType: { name: '母公司', inverseName: '子公司' },
      });
      expect(await relationIds(am1, a)).toEqual([r.id]);
      expect(await relationIds(am1, b)).toEqual([r.id]);
    });

    it('refuses an end outside the caller\'s scope with NOT_FOUND and stores nothing', async () => {
      const [a, west] = [await newCustomer(), await newCustomer(am3)];
      for (const [from, to] of [[a, west], [west, a]]) {
        const r = await api.gql(am1, CREATE, { input: { fromCustomerId: from, toCustomerId: to, relationTypeId: parentType } });
        expect(codes(r)).toEqual(['NOT_FOUND']);
      }
      expect(await sql('SELECT id FROM customer_relation WHERE from_customer_id = ? OR to_customer_id = ?', [west, west])).toHaveLength(0);
    });

    it('refuses a customer related to itself with BAD_USER_INPUT naming toCustomerId', async () => {
      const a = await newCustomer();
      const r = await api.gql(am1, CREATE, { input: { fromCustomerId: a, toCustomerId: a, relationTypeId: parentType } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toCustomerId' });
    });

    it('refuses an unknown relation type with BAD_USER_INPUT naming relationTypeId', async () => {
      const [a, b] = [await newCustomer(), await newCustomer()];
      const r = await api.gql(am1, CREATE, { input: { fromCustomerId: a, toCustomerId: b, relationTypeId: '987654321' } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relationTypeId' });
    });

    it('refuses the same relation twice with CONFLICT', async () => {
      const [a, b] = [await newCustomer(), await newCustomer()];
      await relate(a, b);
      const r = await api.gql(am1, CREATE, { input: { fromCustomerId: a, toCustomerId: b, relationTypeId: parentType } });
      expect(codes(r)).toEqual(['CONFLICT']);
    });

    it('refuses callers without CUSTOMER_WRITE with FORBIDDEN', async () => {
      const [a, b] = [await newCustomer(), await newCustomer()];
      const r = await api.gql(gm, CREATE, { input: { fromCustomerId: a, toCustomerId: b, relationTypeId: parentType } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
    });
  });

  describe('customerRelations', () => {
    it('shows a relation only to callers who can see both ends', async () => {
      const [a, west] = [await newCustomer(), await newCustomer(am3)];
      const r = await relate(a, west, {}, archivist);
      expect(await relationIds(archivist, a)).toEqual([r.id]);
      expect(await relationIds(gm, west)).toEqual([r.id]);
      expect(await relationIds(am1, a)).toEqual([]);
      expect(await relationIds(am3, west)).toEqual([]);
    });

    it('is NOT_FOUND for a customer outside the caller\'s scope', async () => {
      const west = await customerId('C000037');
      expect(codes(await api.gql(am1, RELATIONS, { customerId: west }))).toEqual(['NOT_FOUND']);
      const own = await api.gql(am3, RELATIONS, { customerId: west });
      expect(own.data!.customerRelations).toHaveLength(1);
    });

    it('lists the seeded relation of the demo data', async () => {
      const [parent, child] = [await customerId('C000001'), await customerId('C000002')];
      const [rel] = ok(await api.gql(gm, RELATIONS, { customerId: child })).customerRelations;
      expect(rel).toMatchObject({ fromCustomerId: parent, toCustomerId: child, relationType: { name: '母公司' } });
    });
  });

  describe('a relation to a CLASSIFIED archive (C000037 INTERNAL → C000038 CLASSIFIED, both am3\'s, kept by archivist)', () => {
    const NOTE = '秘密往来说明 RELNOTE-4711';
    let relation: { id: string; version: number };
    let from: string;
    let to: string;
    beforeAll(async () => {
      [from, to] = [await customerId('C000037'), await customerId('C000038')];
      const [r] = await sql('SELECT id, version FROM customer_relation WHERE from_customer_id = ? AND to_customer_id = ?', [from, to]);
      relation = { id: String(r.id), version: Number(r.version) };
      await sql('UPDATE customer_relation SET note = ? WHERE id = ?', [NOTE, relation.id]);
    });
    afterAll(async () => { await sql('UPDATE customer_relation SET note = NULL WHERE id = ?', [relation.id]); });

    const LIST = `query($customerId: ID!) { customerRelations(customerId: $customerId) {
      id fromCustomerId toCustomerId note relationTypeId relationType { name } version toCustomer { id code name archiveLevel phone } } }`;

    it.each([['am3', 'its owner'], ['gm', 'CONFIDENTIAL, ALL scope']])('%s (%s) sees the two ends\' identity only: note and type are CLASSIFIED', async (u) => {
      const r = await api.gql(await api.token(u), LIST, { customerId: from });
      const [rel] = r.data!.customerRelations;
      expect(rel).toMatchObject({ id: relation.id, fromCustomerId: from, toCustomerId: to, note: null, relationTypeId: null, relationType: null, version: null });
      expect(rel.toCustomer).toMatchObject({ id: to, code: 'C000038', archiveLevel: 'CLASSIFIED', phone: null });
      expect(JSON.stringify(r)).not.toContain('RELNOTE-4711');
      const denied = (r.errors ?? []).filter((e) => e.path?.includes('note') || e.path?.includes('relationType'));
      expect(denied.map((e) => [e.extensions.code, e.extensions.level])).toEqual([['FIELD_CLASSIFIED', 'CLASSIFIED'], ['FIELD_CLASSIFIED', 'CLASSIFIED']]);
    });

    it('the custodian (archivist, CLASSIFIED) reads the note and the type', async () => {
      const r = ok(await api.gql(archivist, LIST, { customerId: from }));
      expect(r.customerRelations[0]).toMatchObject({ note: NOTE, relationType: { name: '母公司' } });
    });

    it('relation types themselves stay public', async () => {
      expect(ok(await api.gql(am3, TYPES)).relationTypes.map((t: { name: string }) => t.name)).toContain('母公司');
    });

    it('am3 can neither relate a CLASSIFIED archive it cannot read (with a note) nor delete this relation: FIELD_CLASSIFIED, nothing changes', async () => {
      const other = await newCustomer(am3);
      const made = await api.gql(am3, CREATE, { input: { fromCustomerId: other, toCustomerId: to, relationTypeId: parentType, note: 'x' } });
      expect(codes(made)).toEqual(['FIELD_CLASSIFIED']);
      expect(await sql('SELECT id FROM customer_relation WHERE from_customer_id = ?', [other])).toEqual([]);
      expect(codes(await api.gql(am3, DELETE, { id: relation.id, version: relation.version }))).toEqual(['FIELD_CLASSIFIED']);
      const [row] = await sql('SELECT deleted_at FROM customer_relation WHERE id = ?', [relation.id]);
      expect(row.deleted_at).toBeNull();
    });
  });

  describe('deleteCustomerRelation', () => {
    it('soft-deletes a relation: gone from both ends', async () => {
      const [a, b] = [await newCustomer(), await newCustomer()];
      const r = await relate(a, b);
      expect(ok(await api.gql(am1, DELETE, { id: r.id, version: 1 })).deleteCustomerRelation).toBe(r.id);
      expect(await relationIds(am1, a)).toEqual([]);
      expect(await relationIds(am1, b)).toEqual([]);
      const [row] = await sql('SELECT deleted_at FROM customer_relation WHERE id = ?', [r.id]);
      expect(row.deleted_at).not.toBeNull();
    });

    it('refuses a stale version with CONFLICT', async () => {
      const [a, b] = [await newCustomer(), await newCustomer()];
      const r = await relate(a, b);
      await sql('UPDATE customer_relation SET version = version + 1 WHERE id = ?', [r.id]);
      expect(codes(await api.gql(am1, DELETE, { id: r.id, version: 1 }))).toEqual(['CONFLICT']);
    });

    it('is NOT_FOUND when an end is outside the caller\'s scope', async () => {
      const [a, west] = [await newCustomer(), await newCustomer(am3)];
      const r = await relate(a, west, {}, archivist);
      expect(codes(await api.gql(am1, DELETE, { id: r.id, version: 1 }))).toEqual(['NOT_FOUND']);
      const [row] = await sql('SELECT deleted_at FROM customer_relation WHERE id = ?', [r.id]);
      expect(row.deleted_at).toBeNull();
    });
  });
});
