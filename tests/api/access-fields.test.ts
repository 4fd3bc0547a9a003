import { RoleName } from '@custodian/schema';
import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { closeDb, createUser, customerId, department, ok, sql, uniqueName, userId } from '../support/fixtures';

/**
 * Writing a field that changes access needs the right to make that access change (docs/access.md):
 * owner, second manager and department are set only with CUSTOMER_ASSIGN, to active non-duty people
 * and departments inside the actor's own scope, and never to oneself. Deny by default.
 */

const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
  id version owner { username } secondManager { username } department { code } } }`;
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  id version owner { username } secondManager { username } department { code } } }`;

const row = async (id: string) => (await sql('SELECT owner_id, second_manager_id, department_id, version FROM customer WHERE id = ?', [id]))[0];

describe('owner, second manager and department (access-changing customer fields)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql((tokens[u] ??= await api.token(u)), query, variables);
  const ids: Record<string, string> = {};
  let c1: string;
  let west: string;
  let eastDuty: string;
  let eastInactive: string;

  /** Updates C000001 as `u` and asserts the outcome; on a refusal the customer is unchanged. */
  async function update(u: string, patch: Record<string, unknown>, id = c1): Promise<GqlResult> {
    const before = await row(id);
    const r = await gql(u, UPDATE, { input: { id, version: Number(before.version), ...patch } });
    if (r.errors) expect(await row(id)).toEqual(before);
    return r;
  }

  beforeAll(async () => {
    api = await startApi();
    for (const u of ['am1', 'am2', 'am3', 'supervisor1', 'archivist', 'admin']) ids[u] = await userId(u);
    c1 = await customerId('C000001');
    west = (await department('WEST')).id;
    eastDuty = (await createUser({ roles: [RoleName.AUDITOR], department: 'EAST' })).id;
    const off = await createUser({ roles: [RoleName.ACCOUNT_MANAGER], department: 'EAST' });
    await sql('UPDATE app_user SET active = FALSE WHERE id = ?', [off.id]);
    eastInactive = off.id;
  });

  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  it('C000001 is owned by am1 with am2 as second manager, in East', async () => {
    expect(await row(c1)).toMatchObject({ owner_id: ids.am1, second_manager_id: ids.am2, department_id: (await department('EAST')).id });
  });

  describe('an account manager (OWN scope) changes none of them', () => {
    it('the second manager cannot make itself owner (the issue\'s reproducer): FORBIDDEN', async () => {
      const r = await update('am2', { ownerId: ids.am2 });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions.field).toBe('ownerId');
    });

    it.each<[string, () => Record<string, unknown>]>([
      ['hand the customer to another owner', () => ({ ownerId: ids.am3 })],
      ['add itself as second manager', () => ({ secondManagerId: ids.am1 })],
      ['change the second manager', () => ({ secondManagerId: ids.am3 })],
      ['remove the second manager', () => ({ secondManagerId: null })],
      ['move it to another department', () => ({ departmentId: west })],
    ])('the owner cannot %s: FORBIDDEN', async (_label, patch) => {
      expect(codes(await update('am1', patch()))).toEqual(['FORBIDDEN']);
    });

    it('sending the current values is no change: the rest of the update applies', async () => {
      const r = ok(await update('am1', { ownerId: ids.am1, secondManagerId: ids.am2, notes: uniqueName('same') }));
      expect(r.updateCustomer).toMatchObject({ owner: { username: 'am1' }, secondManager: { username: 'am2' } });
    });
  });

  describe('a supervisor (CUSTOMER_ASSIGN, department subtree)', () => {
    it('never assigns a customer to itself, as owner or second manager', async () => {
      expect(codes(await update('supervisor1', { ownerId: ids.supervisor1 }))).toEqual(['FORBIDDEN']);
      expect(codes(await update('supervisor1', { secondManagerId: ids.supervisor1 }))).toEqual(['FORBIDDEN']);
    });

    it('only to active people without a duty role inside its subtree, and only to departments inside it', async () => {
      for (const patch of [{ ownerId: eastDuty }, { ownerId: eastInactive }, { secondManagerId: ids.am3 }, { secondManagerId: ids.admin },
        { departmentId: west }]) {
        expect({ patch, codes: codes(await update('supervisor1', patch)) }).toEqual({ patch, codes: ['FORBIDDEN'] });
      }
    });

    it('reassigns within East', async () => {
      const created = ok(await gql('supervisor1', CREATE, { input: { name: uniqueName('分配') } })).createCustomer;
      const r = ok(await update('supervisor1', { ownerId: ids.am1, secondManagerId: ids.am2 }, created.id)).updateCustomer;
      expect(r).toMatchObject({ owner: { username: 'am1' }, secondManager: { username: 'am2' }, department: { code: 'EAST' } });
      expect(ok(await update('supervisor1', { secondManagerId: null }, created.id)).updateCustomer.secondManager).toBeNull();
    });

    it('unknown people and departments are BAD_USER_INPUT naming the field', async () => {
      for (const field of ['ownerId', 'secondManagerId', 'departmentId']) {
        const r = await update('supervisor1', { [field]: '987654321' });
        expect({ field, ext: r.errors?.[0].extensions }).toEqual({ field, ext: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });
      }
    });
  });

  it('the archivist (ALL scope, CUSTOMER_WRITE, no CUSTOMER_ASSIGN) cannot reassign either', async () => {
    expect(codes(await update('archivist', { ownerId: ids.am3 }))).toEqual(['FORBIDDEN']);
  });

  describe('createCustomer: the creator as owner in its department, anything else by the same rule', () => {
    it.each([
      ['am1 with a second manager', 'am1', () => ({ secondManagerId: ids.am2 })],
      ['am1 in another department', 'am1', () => ({ departmentId: west })],
      ['supervisor1 with itself as second manager', 'supervisor1', () => ({ secondManagerId: ids.supervisor1 })],
      ['supervisor1 for a duty-role owner', 'supervisor1', () => ({ ownerId: eastDuty })],
      ['supervisor1 for a West owner', 'supervisor1', () => ({ ownerId: ids.am3 })],
    ])('%s: FORBIDDEN, nothing stored', async (_label, u, extra) => {
      const code = uniqueName('AF').toUpperCase();
      expect(codes(await gql(u, CREATE, { input: { code, name: code, ...extra() } }))).toEqual(['FORBIDDEN']);
      expect(await sql('SELECT id FROM customer WHERE code = ?', [code])).toEqual([]);
    });

    it('am1 for itself and supervisor1 for am1 are accepted', async () => {
      expect(ok(await gql('am1', CREATE, { input: { name: uniqueName('自建'), ownerId: ids.am1 } })).createCustomer)
        .toMatchObject({ owner: { username: 'am1' }, secondManager: null, department: { code: 'EAST' } });
      expect(ok(await gql('supervisor1', CREATE, { input: { name: uniqueName('代建'), ownerId: ids.am1 } })).createCustomer)
        .toMatchObject({ owner: { username: 'am1' }, department: { code: 'EAST' } });
    });
  });
});
