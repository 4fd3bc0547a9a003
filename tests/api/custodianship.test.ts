import { RoleName } from '@custodian/schema';
import { codes, startApi, TestApi } from '../support/api';
import { auditRows } from '../support/audit';
import { closeDb, createUser, customerId, ok, sql, TestUser, userId } from '../support/fixtures';

/**
 * Custodianship and archive levels, the administrative half (docs/access.md, "Separation of duties
 * and administration"): nobody appoints themselves custodian; a custodian is an active account
 * without a duty role, cleared for the archive's level; lowering a level waits for a second archive
 * administrator who gains nothing by it; every setArchiveLevel says why.
 */

const SET = 'mutation($input: SetArchiveLevelInput!) { setArchiveLevel(input: $input) { id archiveLevel custodian { id } } }';
const CHANGES = `query($where: ArchiveLevelChangeWhere) { archiveLevelChanges(where: $where) {
  id status levelBefore levelAfter reason comment customer { id code } custodianBefore { id } custodianAfter { id }
  requestedBy { username } decidedBy { username } } }`;
const APPROVE = 'mutation($input: DecideChangeInput!) { approveArchiveLevelChange(input: $input) { id status levelAfter decidedBy { username } } }';
const REJECT = 'mutation($input: DecideChangeInput!) { rejectArchiveLevelChange(input: $input) { id status comment } }';
const SET_CLEARANCE = 'mutation($input: SetClearanceInput!) { setClearance(input: $input) { id clearance } }';
const UPDATE_USER = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id roles } }';

const archive = async (id: string) => (await sql('SELECT archive_level, custodian_id FROM customer WHERE id = ?', [id]))[0];
const pendingOf = async (id: string) => sql("SELECT id FROM archive_level_change WHERE customer_id = ? AND status = 'PENDING'", [id]);

describe('custodianship and archive levels', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const login = async (u: string, password?: string) => {
    if (tokens[u]) return tokens[u];
    if (!password) return (tokens[u] = await api.token(u));
    const r = ok(await api.gql(null, 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', { u, p: password }));
    return (tokens[u] = r.login.token);
  };
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await login(u), query, variables);
  const ids: Record<string, string> = {};
  let infosup2: TestUser & { id: string };
  interface Kept { archive_level: string; custodian_id: string | null; owner_id: string | null }
  const touched = new Map<string, Kept>();
  /** Remembers an archive's level, custodian and owner, restored after the suite (other suites read the seed). */
  const touch = async (code: string): Promise<string> => {
    const id = await customerId(code);
    if (!touched.has(id)) touched.set(id, (await sql<Kept>('SELECT archive_level, custodian_id, owner_id FROM customer WHERE id = ?', [id]))[0]);
    return id;
  };

  beforeAll(async () => {
    api = await startApi();
    for (const u of ['admin', 'secofficer', 'auditor', 'infosup', 'archivist', 'am1', 'gm', 'finance1']) ids[u] = await userId(u);
    infosup2 = await createUser({ roles: [RoleName.INFO_SUPERVISOR], department: 'HQ', clearance: 'CONFIDENTIAL' });
    await login(infosup2.username, infosup2.password);
  });

  afterAll(async () => {
    for (const [id, row] of touched) {
      await sql('UPDATE customer SET archive_level = ?, custodian_id = ?, owner_id = ? WHERE id = ?', [row.archive_level, row.custodian_id, row.owner_id, id]);
    }
    await api.close();
    await closeDb();
  });

  describe('nobody appoints themselves custodian', () => {
    it('infosup cannot lower C000028 to CONFIDENTIAL with itself as custodian (the issue\'s reproducer): FORBIDDEN, nothing filed', async () => {
      const c28 = await touch('C000028');
      const before = await archive(c28);
      const r = await gql('infosup', SET, { input: { customerId: c28, archiveLevel: 'CONFIDENTIAL', custodianId: ids.infosup, reason: 'review' } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(await archive(c28)).toEqual(before);
      expect(await pendingOf(c28)).toEqual([]);
    });

    it('not when raising either, and not the security officer', async () => {
      const c20 = await touch('C000020');
      expect(codes(await gql('infosup', SET, { input: { customerId: c20, archiveLevel: 'CONFIDENTIAL', custodianId: ids.infosup, reason: 'x' } })))
        .toEqual(['FORBIDDEN']);
      expect(codes(await gql('secofficer', SET, { input: { customerId: c20, archiveLevel: 'CLASSIFIED', custodianId: ids.secofficer, reason: 'x' } })))
        .toEqual(['FORBIDDEN']);
      expect(await archive(c20)).toMatchObject({ archive_level: 'INTERNAL', custodian_id: null });
    });
  });

  describe('who can be a custodian', () => {
    it.each([
      ['a duty-role account (auditor, CONFIDENTIAL)', 'auditor', 'CONFIDENTIAL'],
      ['a duty-role account (admin)', 'admin', 'INTERNAL'],
      ['an INTERNAL account for a CONFIDENTIAL archive (am1)', 'am1', 'CONFIDENTIAL'],
      ['a CONFIDENTIAL account for a CLASSIFIED archive (gm)', 'gm', 'CLASSIFIED'],
    ])('not %s: BAD_USER_INPUT naming custodianId, nothing changes', async (_label, who, level) => {
      const c30 = await touch('C000030');
      const r = await gql('infosup', SET, { input: { customerId: c30, archiveLevel: level, custodianId: ids[who], reason: 'custody' } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions.field).toBe('custodianId');
      expect(await archive(c30)).toMatchObject({ archive_level: 'INTERNAL', custodian_id: null });
    });

    it('not an inactive account', async () => {
      const off = await createUser({ roles: [RoleName.ARCHIVIST], department: 'HQ', clearance: 'CLASSIFIED' });
      await sql('UPDATE app_user SET active = FALSE WHERE id = ?', [off.id]);
      const c30 = await touch('C000030');
      expect(codes(await gql('infosup', SET, { input: { customerId: c30, archiveLevel: 'CLASSIFIED', custodianId: off.id, reason: 'x' } })))
        .toEqual(['BAD_USER_INPUT']);
    });

    it('a custodian cannot be given a duty role, nor have their clearance lowered below an archive they keep', async () => {
      const [{ version }] = await sql('SELECT version FROM app_user WHERE id = ?', [ids.archivist]);
      const r = await gql('admin', UPDATE_USER, { input: { id: ids.archivist, version: Number(version), roles: ['AUDITOR'] } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      const lowered = await gql('secofficer', SET_CLEARANCE, { input: { userId: ids.archivist, clearance: 'CONFIDENTIAL' } });
      expect(codes(lowered)).toEqual(['BAD_USER_INPUT']);
      expect(lowered.errors![0].extensions).toMatchObject({ field: 'clearance', archives: expect.arrayContaining(['C000008', 'C000028']) });
      expect((await sql('SELECT clearance FROM app_user WHERE id = ?', [ids.archivist]))[0].clearance).toBe('CLASSIFIED');
    });
  });

  describe('a reason for every change', () => {
    it('a missing or blank reason is BAD_USER_INPUT', async () => {
      const c30 = await touch('C000030');
      expect(codes(await gql('infosup', 'mutation($id: ID!) { setArchiveLevel(input: {customerId: $id, archiveLevel: CONFIDENTIAL}) { id } }', { id: c30 })))
        .toEqual(['BAD_USER_INPUT']);
      const blank = await gql('infosup', SET, { input: { customerId: c30, archiveLevel: 'CONFIDENTIAL', reason: '   ' } });
      expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect((await archive(c30)).archive_level).toBe('INTERNAL');
    });

    it('raising applies at once, with the reason in its ADMIN event', async () => {
      const c30 = await touch('C000030');
      const set = ok(await gql('infosup', SET, { input: { customerId: c30, archiveLevel: 'CLASSIFIED', custodianId: ids.archivist, reason: '并购尽调' } }));
      expect(set.setArchiveLevel).toEqual({ id: c30, archiveLevel: 'CLASSIFIED', custodian: { id: ids.archivist } });
      const e = (await auditRows("e.action = 'ADMIN' AND e.entity_id = ? AND e.detail LIKE '%setArchiveLevel%'", [c30])).pop()!;
      expect(e).toMatchObject({ actorUsername: 'infosup', detail: { change: 'setArchiveLevel', reason: '并购尽调' } });
      expect(e.changes).toMatchObject({ archiveLevel: { before: 'INTERNAL', after: 'CLASSIFIED' } });
    });
  });

  describe('declassification needs a second archive administrator', () => {
    let c30: string;
    let changeId: string;

    beforeAll(async () => {
      c30 = await touch('C000030');
      await sql("UPDATE customer SET archive_level = 'CLASSIFIED', custodian_id = ? WHERE id = ?", [ids.archivist, c30]);
    });

    it('lowering is proposed: the archive keeps its level, the proposal is listed', async () => {
      const r = ok(await gql('infosup', SET, { input: { customerId: c30, archiveLevel: 'INTERNAL', reason: '项目结束' } })).setArchiveLevel;
      expect(r).toEqual({ id: c30, archiveLevel: 'CLASSIFIED', custodian: { id: ids.archivist } });
      expect(await archive(c30)).toEqual({ archive_level: 'CLASSIFIED', custodian_id: ids.archivist });
      const [p] = ok(await gql('secofficer', CHANGES, { where: { customerId: c30, statusIn: ['PENDING'] } })).archiveLevelChanges;
      expect(p).toMatchObject({
        status: 'PENDING', levelBefore: 'CLASSIFIED', levelAfter: 'INTERNAL', reason: '项目结束', customer: { id: c30, code: 'C000030' },
        custodianBefore: { id: ids.archivist }, custodianAfter: null, requestedBy: { username: 'infosup' },
      });
      changeId = p.id;
      expect(codes(await gql('infosup', SET, { input: { customerId: c30, archiveLevel: 'CONFIDENTIAL', reason: 'again' } }))).toEqual(['CONFLICT']);
    });

    it('the proposer cannot approve it; neither can anyone without ARCHIVE_ADMIN', async () => {
      const mine = await gql('infosup', APPROVE, { input: { id: changeId } });
      expect(codes(mine)).toEqual(['FORBIDDEN']);
      expect(mine.errors![0].extensions.reason).toBe('OWN_FILING');
      for (const u of ['admin', 'auditor', 'gm', 'archivist', 'am1']) {
        expect({ u, codes: codes(await gql(u, APPROVE, { input: { id: changeId } })) }).toEqual({ u, codes: ['FORBIDDEN'] });
        expect({ u, codes: codes(await gql(u, CHANGES)) }).toEqual({ u, codes: ['FORBIDDEN'] });
      }
      expect((await archive(c30)).archive_level).toBe('CLASSIFIED');
    });

    it('a second archive administrator approves: the level drops, both steps are ADMIN events with the reason', async () => {
      const approved = ok(await gql('secofficer', APPROVE, { input: { id: changeId, comment: 'ok' } })).approveArchiveLevelChange;
      expect(approved).toMatchObject({ status: 'APPROVED', levelAfter: 'INTERNAL', decidedBy: { username: 'secofficer' } });
      expect(await archive(c30)).toEqual({ archive_level: 'INTERNAL', custodian_id: null });
      const events = await auditRows("e.action = 'ADMIN' AND e.entity_id = ? AND e.detail LIKE ?", [c30, `%"archiveLevelChange":"${changeId}"%`]);
      expect(events.map((e) => [e.actorUsername, e.detail!.change, e.detail!.reason])).toEqual([
        ['infosup', 'proposeArchiveLevel', '项目结束'], ['secofficer', 'approveArchiveLevel', '项目结束'],
      ]);
      expect(events[1].changes).toMatchObject({ archiveLevel: { before: 'CLASSIFIED', after: 'INTERNAL' } });
      expect(codes(await gql(infosup2.username, APPROVE, { input: { id: changeId } }))).toEqual(['CONFLICT']);
    });

    it('nobody approves a lowering that benefits themselves (custodian-to-be, owner)', async () => {
      const c18 = await touch('C000018');
      ok(await gql('secofficer', SET, { input: { customerId: c18, archiveLevel: 'CONFIDENTIAL', custodianId: ids.infosup, reason: 'hand over' } }));
      const [p] = ok(await gql('secofficer', CHANGES, { where: { customerId: c18, statusIn: ['PENDING'] } })).archiveLevelChanges;
      const r = await gql('infosup', APPROVE, { input: { id: p.id } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions.reason).toBe('OWN_BENEFIT');
      await sql('UPDATE customer SET owner_id = ? WHERE id = ?', [infosup2.id, c18]);
      expect(codes(await gql(infosup2.username, APPROVE, { input: { id: p.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(infosup2.username, REJECT, { input: { id: p.id, comment: 'mine' } }))).toEqual(['FORBIDDEN']);
      expect((await archive(c18)).archive_level).toBe('CLASSIFIED');
      await sql('UPDATE customer SET owner_id = ? WHERE id = ?', [touched.get(c18)!.owner_id, c18]);
      ok(await gql(infosup2.username, REJECT, { input: { id: p.id, comment: 'the custodian would approve itself' } }));
    });

    it('a rejection needs a comment and leaves the level; a proposal overtaken by a change is a CONFLICT', async () => {
      const c24 = await touch('C000024');
      ok(await gql('infosup', SET, { input: { customerId: c24, archiveLevel: 'PUBLIC', reason: 'public company' } }));
      const [p] = ok(await gql('secofficer', CHANGES, { where: { customerId: c24, statusIn: ['PENDING'] } })).archiveLevelChanges;
      expect(codes(await gql('secofficer', REJECT, { input: { id: p.id } }))).toEqual(['BAD_USER_INPUT']);
      expect(ok(await gql('secofficer', REJECT, { input: { id: p.id, comment: '仍需保密' } })).rejectArchiveLevelChange)
        .toMatchObject({ status: 'REJECTED', comment: '仍需保密' });
      expect((await archive(c24)).archive_level).toBe('CONFIDENTIAL');

      ok(await gql('infosup', SET, { input: { customerId: c24, archiveLevel: 'INTERNAL', reason: 'second try' } }));
      const [again] = ok(await gql('secofficer', CHANGES, { where: { customerId: c24, statusIn: ['PENDING'] } })).archiveLevelChanges;
      ok(await gql('infosup', SET, { input: { customerId: c24, archiveLevel: 'CLASSIFIED', custodianId: ids.archivist, reason: 'raised meanwhile' } }));
      expect(codes(await gql('secofficer', APPROVE, { input: { id: again.id } }))).toEqual(['CONFLICT']);
      expect((await archive(c24)).archive_level).toBe('CLASSIFIED');
    });
  });
});
