import { ManualClock } from '@custodian/api';
import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { DEMO_PASSWORD } from '../support/db';
import { closeDb, createUser, ok, onlyError, sql, uniqueName } from '../support/fixtures';

const LOGIN = `mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) { token expiresAt mustChangePassword user { id username roles } }
}`;
const ME = '{ me { username mustChangePassword } }';
const LOGOUT = 'mutation { logout }';
const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) }';
const CUSTOMERS = '{ customers(first: 1) { edges { node { id } } } }';

const MINUTE = 60_000;

const login = (api: TestApi, username: string, password: string) => api.gql(null, LOGIN, { u: username, p: password });

async function tokenOf(api: TestApi, username: string, password = DEMO_PASSWORD): Promise<string> {
  return ok(await login(api, username, password)).login.token;
}

const reasonOf = (r: GqlResult) => onlyError(r).extensions.reason;

describe('sign-in', () => {
  let api: TestApi;
  const clock = new ManualClock();

  beforeAll(async () => { api = await startApi({ clock }); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('login, me, logout', () => {
    it('returns a token valid for the configured lifetime, the user and its roles', async () => {
      const r = ok(await login(api, 'supervisor1', DEMO_PASSWORD)).login;
      expect(r.user).toMatchObject({ username: 'supervisor1', roles: ['SALES_SUPERVISOR'] });
      expect(r.mustChangePassword).toBe(false);
      expect(new Date(r.expiresAt).getTime()).toBe(clock.now().getTime() + api.server.config.sessionHours * 3_600_000);
      expect(ok(await api.gql(r.token, ME)).me).toEqual({ username: 'supervisor1', mustChangePassword: false });
    });

    it('stores only a hash of the token', async () => {
      const token = await tokenOf(api, 'am2');
      expect(await sql('SELECT id FROM session WHERE token_hash = ?', [token])).toEqual([]);
    });

    it('logout ends that session only: the token is then UNAUTHENTICATED, another session of the user still works', async () => {
      const [a, b] = [await tokenOf(api, 'am2'), await tokenOf(api, 'am2')];
      expect(ok(await api.gql(a, LOGOUT)).logout).toBe(true);
      expect(codes(await api.gql(a, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(a, CUSTOMERS))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(a, LOGOUT))).toEqual(['UNAUTHENTICATED']);
      expect(ok(await api.gql(b, ME)).me.username).toBe('am2');
    });

    it.each([
      ['no token', null],
      ['a made-up session token', 'cus_s_notarealtoken'],
      ['a token of unknown shape', 'abc.def.ghi'],
    ])('answers UNAUTHENTICATED with %s', async (_what, token) => {
      expect(codes(await api.gql(token, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(token, CUSTOMERS))).toEqual(['UNAUTHENTICATED']);
    });

    it('gives a wrong password and an unknown user the same answer', async () => {
      const wrong = await login(api, 'am2', 'not-the-password-1');
      const unknown = await login(api, 'nobody-at-all', 'not-the-password-1');
      expect(onlyError(wrong).extensions).toEqual(onlyError(unknown).extensions);
      expect(onlyError(wrong).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_CREDENTIALS' });
    });
  });

  describe('lockout', () => {
    it('locks after 5 wrong passwords for 15 minutes, even against the right password, then lets the user in', async () => {
      const user = await createUser();
      // Every wrong password answers alike, the fifth (which locks) too: a lock is no user-exists oracle.
      for (let i = 1; i <= 5; i++) expect(reasonOf(await login(api, user.username, `wrong-password-${i}`))).toBe('WRONG_CREDENTIALS');

      const locked = onlyError(await login(api, user.username, user.password));
      expect(locked.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_LOCKED' });
      expect(new Date(locked.extensions.lockedUntil).getTime()).toBe(clock.now().getTime() + 15 * MINUTE);
      clock.advance(14 * MINUTE);
      expect(reasonOf(await login(api, user.username, user.password))).toBe('ACCOUNT_LOCKED');
      clock.advance(MINUTE + 1000);
      const r = ok(await login(api, user.username, user.password)).login;
      expect(ok(await api.gql(r.token, ME)).me.username).toBe(user.username);
    });

    it('a successful sign-in resets the count of failures', async () => {
      const user = await createUser();
      for (let i = 0; i < 4; i++) await login(api, user.username, 'wrong-password');
      ok(await login(api, user.username, user.password));
      for (let i = 0; i < 4; i++) expect(reasonOf(await login(api, user.username, 'wrong-password'))).toBe('WRONG_CREDENTIALS');
      ok(await login(api, user.username, user.password));
    });

    it('wrong passwords sent all at once still lock the account', async () => {
      const user = await createUser();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(api, user.username, `parallel-wrong-${i}`)));
      expect(results.every((r) => codes(r)[0] === 'UNAUTHENTICATED')).toBe(true);
      expect(reasonOf(await login(api, user.username, user.password))).toBe('ACCOUNT_LOCKED');
    });

    it('a burst of 20 parallel wrong passwords: 5 are checked, the account locks, all 20 answer like an unknown user', async () => {
      const user = await createUser();
      const unknown = onlyError(await login(api, uniqueName('nobody'), 'burst-wrong-x1')).extensions;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(api, user.username, `burst-wrong-${i}`)));
      for (const r of results) expect(onlyError(r).extensions).toEqual(unknown);
      const reasons = (await sql<{ reason: string }>(
        "SELECT JSON_VALUE(detail, '$.reason') AS reason FROM audit_event WHERE action = 'LOGIN_FAILED' AND entity_id = ?", [user.id]))
        .map((r) => r.reason).sort();
      // Counted before the password is verified: only the first five reach a verdict on their password.
      expect(reasons.filter((r) => r.startsWith('WRONG_PASSWORD'))).toHaveLength(5);
      expect(reasons.filter((r) => r === 'WRONG_PASSWORD_LOCKED')).toHaveLength(1);
      expect(reasons.filter((r) => r === 'ACCOUNT_LOCKED')).toHaveLength(15);
      expect(reasonOf(await login(api, user.username, user.password))).toBe('ACCOUNT_LOCKED');
    });

    it('the right password on the fifth attempt still signs in (the attempt that reaches the limit is not a failure)', async () => {
      const user = await createUser();
      for (let i = 0; i < 4; i++) await login(api, user.username, 'wrong-password');
      ok(await login(api, user.username, user.password));
      const [row] = await sql<{ failed_logins: number; locked_until: Date | null }>('SELECT failed_logins, locked_until FROM app_user WHERE id = ?', [user.id]);
      expect(row).toEqual({ failed_logins: 0, locked_until: null });
    });

    it('a wrong password on a locked or a disabled account answers exactly like a wrong password; the right one says why', async () => {
      const unknown = onlyError(await login(api, uniqueName('nobody'), 'not-the-password-2')).extensions;
      const locked = await createUser();
      for (let i = 0; i < 5; i++) await login(api, locked.username, 'wrong-password');
      const disabled = await createUser();
      await sql('UPDATE app_user SET active = FALSE WHERE id = ?', [disabled.id]);
      for (const u of [locked, disabled]) expect(onlyError(await login(api, u.username, 'not-the-password-2')).extensions).toEqual(unknown);
      expect(reasonOf(await login(api, locked.username, locked.password))).toBe('ACCOUNT_LOCKED');
      expect(reasonOf(await login(api, disabled.username, disabled.password))).toBe('ACCOUNT_DISABLED');
    });

    it('signing in (and failing to) does not bump the account version: an administrator\'s concurrent update goes through', async () => {
      const user = await createUser();
      const [{ version }] = await sql<{ version: number }>('SELECT version FROM app_user WHERE id = ?', [user.id]);
      await login(api, user.username, 'wrong-password');
      ok(await login(api, user.username, user.password));
      const updated = ok(await api.gql(await api.token('admin'),
        'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id version displayName } }',
        { input: { id: user.id, version, displayName: 'Renamed while signing in' } })).updateUser;
      expect(updated).toMatchObject({ displayName: 'Renamed while signing in', version: version + 1 });
    });

    it('locking one account leaves others alone', async () => {
      const [victim, bystander] = [await createUser(), await createUser()];
      for (let i = 0; i < 5; i++) await login(api, victim.username, 'wrong-password');
      ok(await login(api, bystander.username, bystander.password));
    });
  });

  describe('initial password', () => {
    it('allows only me, changePassword and logout until the password is changed, then everything', async () => {
      const user = await createUser({ mustChangePassword: true });
      const first = ok(await login(api, user.username, user.password)).login;
      expect(first.mustChangePassword).toBe(true);
      const t = first.token;

      expect(ok(await api.gql(t, ME)).me).toEqual({ username: user.username, mustChangePassword: true });
      for (const op of [CUSTOMERS, 'mutation { createCustomer(input: {name: "x"}) { id } }', '{ customer(id: "1") { id } }']) {
        const e = onlyError(await api.gql(t, op));
        expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
      }

      const wrongCurrent = onlyError(await api.gql(t, CHANGE, { c: 'not-my-password-1', n: 'Brand-new-pass-2' }));
      expect(wrongCurrent.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
      for (const weak of ['short1A', 'no-digits-at-all', '12345678901234', user.password]) {
        const e = onlyError(await api.gql(t, CHANGE, { c: user.password, n: weak }));
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      }
      expect(codes(await api.gql(t, CUSTOMERS))).toEqual(['FORBIDDEN']);

      expect(ok(await api.gql(t, CHANGE, { c: user.password, n: 'Brand-new-pass-2' })).changePassword).toBe(true);
      expect(ok(await api.gql(t, ME)).me.mustChangePassword).toBe(false);
      expect(ok(await api.gql(t, CUSTOMERS)).customers.edges.length).toBeGreaterThanOrEqual(0);

      expect(reasonOf(await login(api, user.username, user.password))).toBe('WRONG_CREDENTIALS');
      const again = ok(await login(api, user.username, 'Brand-new-pass-2')).login;
      expect(again.mustChangePassword).toBe(false);
      expect(codes(await api.gql(again.token, CUSTOMERS))).toEqual([]);
    });

    it('lets a flagged user sign out', async () => {
      const user = await createUser({ mustChangePassword: true });
      const t = await tokenOf(api, user.username, user.password);
      expect(ok(await api.gql(t, LOGOUT)).logout).toBe(true);
      expect(codes(await api.gql(t, ME))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('session expiry', () => {
    it('a token idle for 29 minutes still works', async () => {
      const t = await tokenOf(api, 'am1');
      clock.advance(29 * MINUTE);
      expect(ok(await api.gql(t, ME)).me.username).toBe('am1');
    });

    it('a token idle for 31 minutes is UNAUTHENTICATED', async () => {
      const t = await tokenOf(api, 'am1');
      clock.advance(31 * MINUTE);
      expect(codes(await api.gql(t, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(t, CUSTOMERS))).toEqual(['UNAUTHENTICATED']);
    });

    it('activity keeps a session alive past the idle limit', async () => {
      const t = await tokenOf(api, 'am1');
      for (let i = 0; i < 4; i++) {
        clock.advance(25 * MINUTE);
        expect(ok(await api.gql(t, ME)).me.username).toBe('am1');
      }
      clock.advance(31 * MINUTE);
      expect(codes(await api.gql(t, ME))).toEqual(['UNAUTHENTICATED']);
    });
  });
});

describe('absolute session lifetime', () => {
  let api: TestApi;
  const clock = new ManualClock();

  // A day of allowed idleness isolates the absolute limit (12 hours by default).
  beforeAll(async () => { api = await startApi({ clock, config: { idleMinutes: 24 * 60 } }); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  it('ends a session at expiresAt however active it is', async () => {
    const r = ok(await login(api, 'am1', DEMO_PASSWORD)).login;
    const expiresAt = new Date(r.expiresAt).getTime();
    expect(expiresAt).toBe(clock.now().getTime() + 12 * 3_600_000);
    clock.set(new Date(expiresAt - MINUTE));
    expect(ok(await api.gql(r.token, ME)).me.username).toBe('am1');
    clock.set(new Date(expiresAt));
    expect(codes(await api.gql(r.token, ME))).toEqual(['UNAUTHENTICATED']);
  });
});
