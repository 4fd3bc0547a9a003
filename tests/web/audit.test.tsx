/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AuditPage } from '../../web/app/(app)/audit/AuditPage';
import type { AuditEvent } from '../../web/app/_lib/ops-queries';
import { callsOf, pick, renderUi, stubOperations } from './dom';
import { readEvent, updateEvent } from './fixtures';

const events = (nodes: AuditEvent[], endCursor: string | null = null) => ({
  data: { auditEvents: { totalCount: nodes.length, pageInfo: { endCursor, hasNextPage: Boolean(endCursor) }, edges: nodes.map((node) => ({ cursor: `e${node.seq}`, node })) } },
});
const forbidden = (message: string) => ({ data: null, errors: [{ message, extensions: { code: 'FORBIDDEN' } }] });
const click = (element: Element) => act(async () => { fireEvent.click(element); });
const search = () => click(screen.getByTestId('audit-search'));

let errors: jest.SpyInstance;
beforeEach(() => { errors = jest.spyOn(console, 'error'); jest.clearAllMocks(); });
afterEach(() => expect(errors).not.toHaveBeenCalled());

describe('AuditPage', () => {
  describe('filters', () => {
    it('loads the latest events on arrival, then sends the chosen filters as the where', async () => {
      const fetch = stubOperations({ AuditEvents: events([updateEvent, readEvent]) });
      renderUi(<AuditPage />);
      await waitFor(() => expect(callsOf(fetch, 'AuditEvents')).toEqual([{ first: 50, after: null, where: {}, withTotal: true }]));
      expect(await screen.findByTestId('audit-table')).toHaveTextContent('am2');

      fireEvent.change(document.getElementById('audit_actor')!, { target: { value: '  am2 ' } });
      await pick(screen.getByTestId('audit-action'), '读取');
      await pick(screen.getByTestId('audit-action'), '拒绝访问');
      await pick(document.getElementById('audit_minLevel')!, '机密');
      await pick(document.getElementById('audit_outcome')!, '拒绝');
      await search();
      await waitFor(() => expect(callsOf(fetch, 'AuditEvents')).toHaveLength(2));
      expect(callsOf(fetch, 'AuditEvents')[1]).toEqual({
        first: 50, after: null, where: { actor: 'am2', action: ['READ', 'DENY'], minLevel: 'CONFIDENTIAL', outcome: 'DENIED' }, withTotal: true,
      });
    });

    it('turns a customer code into the archive’s id and says whose history is shown', async () => {
      const fetch = stubOperations({
        ArchiveEntry: { data: { archiveEntry: { id: '8', code: 'C000008', name: '杭州西湖文旅集团', archiveLevel: 'CLASSIFIED' } } },
        AuditEvents: events([readEvent]),
      });
      renderUi(<AuditPage initialCustomer="C000008" />);
      await waitFor(() => expect(callsOf(fetch, 'AuditEvents')).toHaveLength(1));
      expect(callsOf(fetch, 'ArchiveEntry')).toEqual([{ code: 'C000008' }]);
      expect(callsOf(fetch, 'AuditEvents')[0].where).toEqual({ entityType: 'Customer', entityId: '8' });
      expect(await screen.findByTestId('audit-history')).toHaveTextContent('杭州西湖文旅集团 (C000008, #8)');
      expect(screen.getByTestId('event-purpose')).toHaveTextContent('CREDIT_CHECK');
    });

    it('lets an auditor, who may not look archives up by code, find one through the finding aid', async () => {
      const fetch = stubOperations({
        ArchiveEntry: forbidden('This action needs the CUSTOMER_READ permission'),
        ArchiveEntries: { data: { archiveEntries: [{ id: '18', code: 'C000018', name: '别的档案', archiveLevel: 'INTERNAL' }, { id: '8', code: 'C000008', name: '杭州西湖文旅集团', archiveLevel: 'CLASSIFIED' }] } },
        AuditEvents: events([readEvent]),
      });
      renderUi(<AuditPage initialCustomer="c000008" />);
      await waitFor(() => expect(callsOf(fetch, 'AuditEvents')).toHaveLength(1));
      expect(callsOf(fetch, 'ArchiveEntries')).toEqual([{ first: 5, where: { search: 'c000008' } }]);
      expect(callsOf(fetch, 'AuditEvents')[0].where).toEqual({ entityType: 'Customer', entityId: '8' });
    });

    it('takes a numeric customer as the id without looking it up', async () => {
      const fetch = stubOperations({ AuditEvents: events([]) });
      renderUi(<AuditPage initialCustomer="8" initialActor="am2" />);
      await waitFor(() => expect(callsOf(fetch, 'AuditEvents')).toEqual([{ first: 50, after: null, where: { actor: 'am2', entityType: 'Customer', entityId: '8' }, withTotal: true }]));
      expect(await screen.findByTestId('audit-history')).toHaveTextContent('#8');
    });

    it('pages forward with the cursor, keeping the filters and the first page\'s total', async () => {
      const page2 = events([readEvent]);
      delete (page2.data.auditEvents as { totalCount?: number }).totalCount;
      const page1 = events([updateEvent], 'e42');
      page1.data.auditEvents.totalCount = 1234;
      const fetch = stubOperations({ AuditEvents: (v: Record<string, unknown>) => (v.after ? page2 : page1) });
      renderUi(<AuditPage initialActor="am1" />);
      const next = await screen.findByTestId('audit-next');
      await waitFor(() => expect(next).toBeEnabled());
      expect(screen.getByTestId('audit-page')).toHaveTextContent('1234');
      await click(next);
      await waitFor(() => expect(callsOf(fetch, 'AuditEvents')).toHaveLength(2));
      // The next page is not counted again: it keeps the first page's total.
      expect(callsOf(fetch, 'AuditEvents')[1]).toEqual({ first: 50, after: 'e42', where: { actor: 'am1' }, withTotal: false });
      await waitFor(() => expect(screen.getByTestId('audit-page')).toHaveTextContent(String(readEvent.seq)));
      expect(screen.getByTestId('audit-page')).toHaveTextContent('1234');
    });

    it('explains that only auditors may read the log when the API refuses', async () => {
      stubOperations({ AuditEvents: forbidden('This action needs the AUDIT_READ permission') });
      renderUi(<AuditPage />);
      expect(await screen.findByTestId('audit-forbidden')).toHaveTextContent('仅安全审计员和安全保密管理员可查看审计日志');
      expect(screen.queryByTestId('audit-table')).toBeNull();
    });
  });

  describe('event detail', () => {
    it('shows the event with each changed field before and after', async () => {
      stubOperations({ AuditEvents: events([updateEvent, readEvent]) });
      renderUi(<AuditPage />);
      await waitFor(() => expect(screen.getAllByTestId('event-detail')).toHaveLength(2));
      await click(screen.getAllByTestId('event-detail')[0]);
      const drawer = await screen.findByRole('dialog');
      expect(drawer).toHaveTextContent('审计事件 #42');
      expect(drawer).toHaveTextContent('UpdateCustomer');
      expect(drawer).toHaveTextContent('10.0.0.7');
      const rows = within(screen.getByTestId('event-changes')).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
      expect(rows).toEqual([['phone', '021-11111111', '021-22222222'], ['notes', 'null', '改号']]);
      expect(screen.getByTestId('event-targets')).toHaveTextContent('Customer #1: phone, notes');
    });

    it('has no change table for a read', async () => {
      stubOperations({ AuditEvents: events([readEvent]) });
      renderUi(<AuditPage />);
      await click(await screen.findByTestId('event-detail'));
      const drawer = await screen.findByRole('dialog');
      expect(drawer).toHaveTextContent('审计事件 #43');
      expect(screen.queryByTestId('event-changes')).toBeNull();
      expect(screen.getByTestId('event-targets')).toHaveTextContent('Customer #8: bankAccount');
    });
  });

  describe('integrity check', () => {
    it('reports an intact chain with the events checked and its head', async () => {
      const fetch = stubOperations({
        AuditEvents: events([]),
        AuditIntegrity: { data: { auditIntegrity: { ok: true, checked: 120, headSeq: 120, headHash: 'abc123', firstBrokenSeq: null } } },
      });
      renderUi(<AuditPage />);
      await click(screen.getByTestId('integrity-check'));
      const result = await screen.findByTestId('integrity-result');
      expect(callsOf(fetch, 'AuditIntegrity')).toHaveLength(1);
      expect(result).toHaveAttribute('data-ok', 'true');
      expect(result).toHaveTextContent('哈希链完整：已校验 120 条事件，链头序号 120');
      expect(result).toHaveTextContent('abc123');
    });

    it('names the first broken event of a tampered chain', async () => {
      stubOperations({
        AuditEvents: events([]),
        AuditIntegrity: { data: { auditIntegrity: { ok: false, checked: 57, headSeq: 120, headHash: 'abc123', firstBrokenSeq: 57 } } },
      });
      renderUi(<AuditPage />);
      await click(screen.getByTestId('integrity-check'));
      const result = await screen.findByTestId('integrity-result');
      expect(result).toHaveAttribute('data-ok', 'false');
      expect(result).toHaveTextContent('哈希链已损坏：从序号 57 开始');
    });
  });
});
