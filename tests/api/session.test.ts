import { codes, startApi, TestApi } from '../support/api';

describe('session', () => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => { await api.close(); });

  describe('login', () => {
    it('returns a bearer token and the user with roles', async () => {
      const r = await api.gql(null, 'mutation { login(input: {username: "am1", password: "Custodian-demo-1"}) { token expiresAt user { id username roles } } }');
      expect(r.errors).toBeUndefined();
      expect(r.data!.login.user).toMatchObject({ username: 'am1', roles: ['ACCOUNT_MANAGER'] });
      const me = await api.gql(r.data!.login.token, '{ me { username } }');
      expect(me.data!.me.username).toBe('am1');
    });

    it('refuses a wrong password with UNAUTHENTICATED', async () => {
      const r = await api.gql(null, 'mutation { login(input: {username: "am2", password: "nope"}) { token } }');
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    });
  });

  it('refuses queries without a token', async () => {
    expect(codes(await api.gql(null, '{ me { username } }'))).toEqual(['UNAUTHENTICATED']);
  });
});
