import { RoleName } from '@custodian/schema';
import { codes, signIn, startApi, TestApi } from '../support/api';
import { closeDb, createUser, liveCustomerIds, ok, sql, TestUser } from '../support/fixtures';

/**
 * Credentials follow their owner (docs/access.md): an API token is re-capped on every request by
 * its creator's current scope, clearance and permissions; deactivation and a password reset end the
 * account's sessions and tokens; a password change ends the other sessions.
 */

const CREATE_TOKEN = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }';
const UPDATE_USER = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id roles active } }';
const UPDATE_ROLE = 'mutation($input: UpdateRoleInput!) { updateRole(input: $input) { name scope } }';
const CHANGE_PASSWORD = 'mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) }';
const COUNT = '{ customers(first: 1) { totalCount } }';
const ME = '{ me { username } }';

const versionOf = async (id: string): Promise<number> => Number((await sql('SELECT version FROM app_user WHERE id = ?', [id]))[0].version);
const inFuture = (): string => new Date(Date.now() + 86_400_000).toISOString();

describe('credentials follow their owner', () => {
  let api: TestApi;
  let admin: string;
  const sessionOf = async (u: TestUser) => ok(await signIn(api, u.username, u.password)).login.token;
  const tokenOf = async (session: string, scope: string, clearance = 'INTERNAL') =>
    ok(await api.gql(session, CREATE_TOKEN, { input: { name: 'bi', clearance, scope, expiresAt: inFuture() } })).createApiToken.token as string;

  beforeAll(async () => {
    api = await startApi();
    admin = await api.token('admin');
  });

  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('an API token is re-capped by its creator on every request', () => {
    it('a DEPARTMENT token sees only OWN rows once its creator is demoted to an OWN role (the issue\'s reproducer)', async () => {
      const creator = await createUser({ roles: [RoleName.SALES_ASSISTANT], department: 'EAST' });
      const token = await tokenOf(await sessionOf(creator), 'DEPARTMENT');
      const east = await liveCustomerIds(`c.department_id IN (SELECT id FROM department WHERE path LIKE (SELECT CONCAT(path, '%') FROM department WHERE code = 'EAST'))`);
      expect(ok(await api.gql(token, COUNT)).customers.totalCount).toBe(east.length);

      ok(await api.gql(admin, UPDATE_USER, { input: { id: creator.id, version: await versionOf(creator.id), roles: ['ACCOUNT_MANAGER'] } }));
      expect(ok(await api.gql(token, COUNT)).customers.totalCount).toBe(0);
      await sql('UPDATE customer SET second_manager_id = ? WHERE code = ?', [creator.id, 'C000020']);
      try {
        expect(ok(await api.gql(token, COUNT)).customers.totalCount).toBe(1);
      } finally {
        await sql('UPDATE customer SET second_manager_id = NULL WHERE code = ?', ['C000020']);
      }
    });

    it('…and when the creator\'s role itself is narrowed', async () => {
      const creator = await createUser({ roles: [RoleName.SALES_ASSISTANT], department: 'EAST' });
      const token = await tokenOf(await sessionOf(creator), 'DEPARTMENT');
      expect(ok(await api.gql(token, COUNT)).customers.totalCount).toBeGreaterThan(0);
      ok(await api.gql(admin, UPDATE_ROLE, { input: { name: 'SALES_ASSISTANT', scope: 'OWN' } }));
      try {
        expect(ok(await api.gql(token, COUNT)).customers.totalCount).toBe(0);
      } finally {
        ok(await api.gql(admin, UPDATE_ROLE, { input: { name: 'SALES_ASSISTANT', scope: 'DEPARTMENT' } }));
      }
    });

    it('a token loses the permissions its creator loses, and is capped by the creator\'s lowered clearance', async () => {
      const creator = await createUser({ roles: [RoleName.FINANCE], department: 'HQ', clearance: 'CONFIDENTIAL' });
      const token = await tokenOf(await sessionOf(creator), 'ALL', 'CONFIDENTIAL');
      const [c] = await sql("SELECT id FROM customer WHERE archive_level = 'INTERNAL' AND credit_rating IS NOT NULL AND deleted_at IS NULL LIMIT 1");
      const READ = 'query($id: ID!) { customer(id: $id) { id creditRating } }';
      expect(ok(await api.gql(token, READ, { id: String(c.id) })).customer.creditRating).not.toBeNull();
      ok(await api.gql(await api.token('secofficer'), 'mutation($input: SetClearanceInput!) { setClearance(input: $input) { id } }',
        { input: { userId: creator.id, clearance: 'INTERNAL' } }));
      const capped = await api.gql(token, READ, { id: String(c.id) });
      expect(capped.data?.customer.creditRating).toBeNull();
      expect(codes(capped)).toEqual(['FIELD_CLASSIFIED']);

      await sql("UPDATE user_role SET role_id = (SELECT id FROM role WHERE name = 'REPORT_VIEWER') WHERE user_id = ?", [creator.id]);
      expect(codes(await api.gql(token, COUNT))).toEqual(['FORBIDDEN']);
    });

    it('an API token cannot change its creator\'s password', async () => {
      const creator = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      const token = await tokenOf(await sessionOf(creator), 'OWN');
      expect(codes(await api.gql(token, CHANGE_PASSWORD, { c: creator.password, n: 'Another-pass-42' }))).toEqual(['FORBIDDEN']);
      ok(await signIn(api, creator.username, creator.password));
    });
  });

  describe('sessions and tokens end with the account', () => {
    it('deactivation revokes the tokens for good: reactivating the account does not bring them back', async () => {
      const user = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      const session = await sessionOf(user);
      const token = await tokenOf(session, 'OWN');
      ok(await api.gql(admin, UPDATE_USER, { input: { id: user.id, version: await versionOf(user.id), active: false } }));
      expect(codes(await api.gql(session, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(token, COUNT))).toEqual(['UNAUTHENTICATED']);
      ok(await api.gql(admin, UPDATE_USER, { input: { id: user.id, version: await versionOf(user.id), active: true } }));
      expect(codes(await api.gql(token, COUNT))).toEqual(['UNAUTHENTICATED']);
      expect((await sql('SELECT revoked_at FROM api_token WHERE user_id = ?', [user.id]))[0].revoked_at).not.toBeNull();
      ok(await api.gql(await sessionOf(user), ME));
    });

    it('changePassword ends the account\'s other sessions, not the current one; tokens stay', async () => {
      const user = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      const current = await sessionOf(user);
      const other = await sessionOf(user);
      const token = await tokenOf(current, 'OWN');
      ok(await api.gql(current, CHANGE_PASSWORD, { c: user.password, n: 'Brand-new-pass-8' }));
      expect(ok(await api.gql(current, ME)).me.username).toBe(user.username);
      expect(codes(await api.gql(other, ME))).toEqual(['UNAUTHENTICATED']);
      ok(await api.gql(token, COUNT));
      expect(codes(await signIn(api, user.username, user.password))).toEqual(['UNAUTHENTICATED']);
      ok(await signIn(api, user.username, 'Brand-new-pass-8'));
    });
  });
});
