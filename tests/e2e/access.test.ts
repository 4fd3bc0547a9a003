import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, Locale, openContext, SHOTS, pickOption, signInAt } from './browser';
import { startStack, Stack } from './stack';

/**
 * The access (借阅) flow in the browser: am2 requests a classified field from its lock, supervisor1 and the
 * custodian approve in their inboxes, am2 reads it, the auditor finds that read. Plus screenshots of the
 * access, audit and administration pages in zh-CN and en.
 */

jest.setTimeout(150_000);

describe('access requests, approvals and the audit trail in headless chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let customerId: string;
  let bankAccount: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const [row] = (await stack.sql(
      `SELECT c.id, c.bank_account, a.username AS custodian, o.username AS owner FROM customer c
        JOIN app_user a ON a.id = c.custodian_id JOIN app_user o ON o.id = c.owner_id WHERE c.code = 'C000008'`)) as Array<{ id: number; bank_account: string; custodian: string; owner: string }>;
    expect(row).toMatchObject({ custodian: 'archivist', owner: 'am2' });
    customerId = String(row.id);
    bankAccount = row.bank_account;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const newContext = (locale: Locale = 'zh-CN'): Promise<BrowserContext> => openContext(browser, stack.webUrl, locale);

  async function asUser(username: string, locale: Locale = 'zh-CN'): Promise<Page> {
    const page = await (await newContext(locale)).newPage();
    await signInAt(page, stack.webUrl, username);
    await page.waitForURL('**/workbench');
    return page;
  }

  async function shot(page: Page, locale: Locale, name: string): Promise<void> {
    mkdirSync(join(SHOTS, locale), { recursive: true });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, locale, `${name}.png`), fullPage: true });
  }

  async function approveAs(username: string, comment: string, locale: Locale = 'zh-CN', screenshot?: string): Promise<void> {
    const page = await asUser(username, locale);
    await page.click(`a[href="/access/approvals"]`);
    await page.waitForURL('**/access/approvals');
    const card = page.locator('.approval-card', { hasText: 'C000008' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('客户经理 陈杰');
    await expect(card.locator('[data-field="Customer.bankAccount"]').count()).resolves.toBe(1);
    if (screenshot) await shot(page, locale, screenshot);
    await card.locator('[data-testid=approval-comment]').fill(comment);
    await card.locator('[data-testid=approve]').click();
    await card.waitFor({ state: 'detached' });
    await page.context().close();
  }

  it('am2 requests the bank account from its lock, two approvers agree, am2 reads it and the auditor finds the read', async () => {
    // am2 sees the lock on the classified archive's bank account and asks for it from there.
    const am2 = await asUser('am2');
    await am2.goto(`${stack.webUrl}/customers/${customerId}`);
    const lock = am2.locator('[data-testid=customer-profile] [data-locked-field=bankAccount]');
    await lock.waitFor();
    await expect(lock.textContent()).resolves.toContain('绝密');
    await lock.getByRole('button', { name: /申请查阅/ }).click();
    await am2.waitForURL(/\/access\/request\?customerId=\d+&field=bankAccount/);
    await expect(am2.locator('[data-testid=request-customer]').textContent()).resolves.toContain('C000008');
    await expect(am2.locator('[data-testid=request-fields]').textContent()).resolves.toContain('银行账号');
    await pickOption(am2, '[data-testid=request-purpose]', '信用评估');
    await am2.fill('#access_reason', 'E2E 核实回款账户以评估信用');
    await am2.fill('#access_hours', '24');
    await shot(am2, 'zh-CN', '20-access-request-form');
    await am2.click('[data-testid=request-submit]');
    await am2.waitForURL(/\/access$/);
    const mine = am2.locator('[data-testid=my-requests] tr', { hasText: 'C000008' }).first();
    await mine.waitFor();
    await expect(mine.locator('[data-testid=request-status] [data-status=PENDING]').count()).resolves.toBe(1);
    await expect(mine.textContent()).resolves.toContain('华东销售经理 李强');
    await expect(mine.textContent()).resolves.toContain('信息专员 孙静');
    await shot(am2, 'zh-CN', '21-access-my-requests');

    // The custodian's turn comes second: nothing waits on archivist yet.
    const early = await asUser('archivist');
    await early.goto(`${stack.webUrl}/access/approvals`);
    await early.locator('[data-testid=approvals-page] .ant-empty').waitFor();
    await early.context().close();

    await approveAs('supervisor1', 'E2E 同意', 'zh-CN', '22-approvals-inbox');
    await approveAs('archivist', 'E2E 限 24 小时', 'en', '22-approvals-inbox');

    // am2 now reads the bank account; the grant shows its time left.
    await am2.goto(`${stack.webUrl}/customers/${customerId}`);
    await am2.locator('[data-testid=customer-profile]', { hasText: bankAccount }).waitFor();
    await expect(am2.locator('[data-testid=customer-profile] [data-locked-field=bankAccount]').count()).resolves.toBe(0);
    await am2.goto(`${stack.webUrl}/access?tab=grants`);
    const grant = am2.locator('[data-testid=my-grants] tr', { hasText: 'C000008' }).first();
    await grant.waitFor();
    await expect(grant.locator('[data-testid=grant-status] [data-status=ACTIVE]').count()).resolves.toBe(1);
    await expect(grant.locator('[data-testid=time-left]').textContent()).resolves.toMatch(/剩余 23 小时|剩余 1 天/);
    await shot(am2, 'zh-CN', '23-access-my-grants');
    await am2.goto(`${stack.webUrl}/access`);
    const approved = am2.locator('[data-testid=my-requests] tr', { hasText: 'C000008' }).first();
    await approved.locator('[data-testid=request-status] [data-status=APPROVED]').waitFor();
    await expect(approved.locator('[data-decision=APPROVED]').count()).resolves.toBe(2);
    await am2.context().close();

    // The auditor filters by customer code and person and finds am2's READ with the grant's purpose.
    const auditor = await asUser('auditor');
    await auditor.click('a[href="/audit"]');
    await auditor.waitForURL('**/audit');
    await auditor.locator('[data-testid=audit-table]').waitFor();
    // The auditor looks the archive up by its code (the finding aid) and narrows to am2.
    await auditor.fill('[data-testid=audit-customer]', 'C000008');
    await auditor.fill('#audit_actor', 'am2');
    await auditor.click('[data-testid=audit-search]');
    await auditor.locator('[data-testid=audit-history]', { hasText: `C000008, #${customerId}` }).waitFor();
    const read = auditor.locator('[data-testid=audit-table] tr', { has: auditor.locator('[data-action=READ]'), hasText: 'CREDIT_ASSESSMENT' }).first();
    await read.waitFor();
    await expect(read.textContent()).resolves.toContain('am2');
    await read.locator('[data-testid=event-detail]').click();
    const drawer = auditor.locator('.ant-drawer-body');
    await drawer.locator('[data-testid=event-targets]').waitFor();
    await expect(drawer.textContent()).resolves.toContain('CREDIT_ASSESSMENT');
    await expect(drawer.locator('[data-testid=event-targets]').textContent()).resolves.toContain(`Customer #${customerId}`);
    await shot(auditor, 'zh-CN', '25-audit-event-detail');
    await auditor.keyboard.press('Escape');
    await drawer.locator('[data-testid=event-targets]').waitFor({ state: 'hidden' });

    await auditor.click('[data-testid=integrity-check]');
    await auditor.locator('[data-testid=integrity-result][data-ok=true]').waitFor();
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.click('[data-testid=audit-export]')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csvPath = await download.path();
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv).toContain('CREDIT_ASSESSMENT');
    await shot(auditor, 'zh-CN', '24-audit-customer-history');
    await auditor.context().close();
  });

  it('hides the audit and administration pages from an account manager', async () => {
    const am1 = await asUser('am1');
    await expect(am1.locator('a[href="/audit"]').count()).resolves.toBe(0);
    await am1.goto(`${stack.webUrl}/audit`);
    await am1.locator('[data-testid=audit-forbidden]').waitFor();
    await am1.goto(`${stack.webUrl}/admin/roles`);
    await expect(am1.locator('[data-testid=not-for-role]').textContent()).resolves.toContain('角色管理');
    await expect(am1.locator('[data-testid=roles-page]').count()).resolves.toBe(0);
    await am1.context().close();
  });

  it('lets the system administrator create a user and see the initial password once', async () => {
    const admin = await asUser('admin');
    await admin.click('a[href="/admin/users"]');
    await admin.waitForURL('**/admin/users');
    await admin.locator('[data-testid=users-page] tr', { hasText: 'am2' }).first().waitFor();
    await admin.click('[data-testid=new-user]');
    await admin.fill('#user_username', 'e2e_newbie');
    await admin.fill('#user_displayName', 'E2E 新同事');
    await pickOption(admin, '#user_roles', /客户经理|ACCOUNT_MANAGER/);
    await admin.click('#user_displayName');
    await admin.locator('.ant-modal-footer .ant-btn-primary').first().click();
    const pw = admin.locator('[data-testid=initial-password]');
    await Promise.race([pw.waitFor(), admin.locator('.ant-modal .ant-alert-error, .ant-form-item-explain-error').first().waitFor()]);
    const problem = admin.locator('.ant-modal .ant-alert-error, .ant-form-item-explain-error');
    if (await problem.count()) throw new Error(`create user refused: ${await problem.allTextContents()}`);
    expect(((await pw.textContent()) ?? '').length).toBeGreaterThanOrEqual(8);
    await admin.context().close();
  });

  it('a sensitive account takes two people: the administrator gets half A, the security officer approves and gets half B', async () => {
    const admin = await asUser('admin');
    await admin.goto(`${stack.webUrl}/admin/users`);
    await admin.locator('[data-testid=users-page] tr', { hasText: 'am2' }).first().waitFor();
    await admin.click('[data-testid=new-user]');
    await admin.fill('#user_username', 'e2e_auditor');
    await admin.fill('#user_displayName', 'E2E 审计员');
    await pickOption(admin, '#user_roles', /安全审计员|AUDITOR/);
    await admin.click('#user_displayName');
    await admin.locator('.ant-modal-footer .ant-btn-primary').first().click();
    const halfA = (await admin.locator('[data-testid=password-half]').textContent())?.trim() ?? '';
    expect(halfA).toHaveLength(12);
    await expect(admin.locator('[data-testid=awaiting-approval]').count()).resolves.toBe(1);
    await admin.context().close();

    const sec = await asUser('secofficer');
    await sec.click('a[href="/admin/account-changes"]');
    await sec.waitForURL('**/admin/account-changes');
    const [{ id }] = (await stack.sql(`SELECT c.id FROM account_change c JOIN app_user u ON u.id = c.target_user_id
      WHERE u.username = 'e2e_auditor' AND c.status = 'PENDING'`)) as Array<{ id: number }>;
    await sec.locator(`[data-testid=approve-change-${id}]`).click();
    const halfB = (await sec.locator('[data-testid=password-half-b]').textContent())?.trim() ?? '';
    expect(halfB).toHaveLength(12);
    await sec.context().close();

    const user = await (await newContext()).newPage();
    await signInAt(user, stack.webUrl, 'e2e_auditor', halfA + halfB);
    await user.waitForURL('**/change-password');
    await user.context().close();
  });

  it('lets the system administrator set a role\'s row scope and a department\'s head', async () => {
    const admin = await asUser('admin');
    await admin.click('a[href="/admin/roles"]');
    await admin.waitForURL('**/admin/roles');
    await admin.click('[data-testid=role-scope-SALES_ASSISTANT]');
    await admin.locator('.ant-select-item-option[title=OWN]').click();
    await admin.locator('.ant-message', { hasText: /已保存|Saved/ }).waitFor();
    expect(await stack.sql("SELECT scope FROM role WHERE name = 'SALES_ASSISTANT'")).toEqual([{ scope: 'OWN' }]);
    await admin.click('[data-testid=role-scope-SALES_ASSISTANT]');
    await admin.locator('.ant-select-item-option[title=DEPARTMENT]').click();
    await admin.locator('.ant-message', { hasText: /已保存|Saved/ }).nth(0).waitFor();

    await admin.goto(`${stack.webUrl}/admin/departments`);
    await admin.click('[data-testid=edit-department-WEST]');
    await admin.fill('#edit-department_name', '华西分公司（西南）');
    await admin.locator('.ant-modal-footer .ant-btn-primary:visible').click();
    await admin.locator('[data-testid=departments-page] tr', { hasText: '华西分公司（西南）' }).waitFor();
    const [{ n }] = (await stack.sql("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'ADMIN' AND detail LIKE '%updateRole%'")) as Array<{ n: number }>;
    expect(Number(n)).toBeGreaterThanOrEqual(2);
    await admin.context().close();
  });

  it.each<Locale>(['zh-CN', 'en'])('screenshots the access, audit and administration pages in %s', async (locale) => {
    const am2 = await asUser('am2', locale);
    await am2.goto(`${stack.webUrl}/access`);
    await am2.locator('[data-testid=my-requests] tbody tr.ant-table-row').first().waitFor();
    await shot(am2, locale, '21-access-my-requests');
    await am2.goto(`${stack.webUrl}/access?tab=grants`);
    await am2.locator('[data-testid=time-left]').first().waitFor();
    await shot(am2, locale, '23-access-my-grants');
    await am2.goto(`${stack.webUrl}/access/request?customerId=${customerId}&field=idNumber`);
    await am2.locator('[data-testid=request-customer]').waitFor();
    await shot(am2, locale, '20-access-request-form');
    await am2.context().close();

    const auditor = await asUser('auditor', locale);
    await auditor.goto(`${stack.webUrl}/audit?customer=${customerId}`);
    await auditor.locator('[data-testid=audit-history]').waitFor();
    await auditor.locator('[data-testid=audit-table] [data-action]').first().waitFor();
    await auditor.click('[data-testid=integrity-check]');
    await auditor.locator('[data-testid=integrity-result]').waitFor();
    await shot(auditor, locale, '24-audit-customer-history');
    await auditor.locator('[data-testid=event-detail]').first().click();
    await auditor.locator('.ant-drawer-body [data-testid=event-targets]').waitFor();
    await shot(auditor, locale, '25-audit-event-detail');
    await auditor.context().close();

    const admin = await asUser('admin', locale);
    await admin.goto(`${stack.webUrl}/admin/users`);
    await admin.locator('[data-testid=users-page] tbody tr.ant-table-row').first().waitFor();
    await shot(admin, locale, '26-admin-users');
    await admin.goto(`${stack.webUrl}/admin/departments`);
    await admin.locator('[data-testid=departments-page] tbody tr.ant-table-row').first().waitFor();
    await shot(admin, locale, '27-admin-departments');
    await admin.goto(`${stack.webUrl}/admin/roles`);
    await admin.locator('[data-testid=roles-page] tbody tr.ant-table-row').first().waitFor();
    await shot(admin, locale, '27b-admin-roles');
    await admin.context().close();

    const sec = await asUser('secofficer', locale);
    await sec.goto(`${stack.webUrl}/admin/fields`);
    await sec.locator('[data-testid=field-levels-page] tbody tr.ant-table-row').first().waitFor();
    await shot(sec, locale, '28-security-field-levels');
    await sec.goto(`${stack.webUrl}/admin/archives`);
    await sec.locator('[data-testid=archives-page] tbody tr.ant-table-row').first().waitFor();
    await shot(sec, locale, '29-security-archives');
    await sec.goto(`${stack.webUrl}/admin/users`);
    await sec.locator('[data-testid=users-page] tbody tr.ant-table-row').first().waitFor();
    await shot(sec, locale, '30-security-clearances');
    await sec.goto(`${stack.webUrl}/admin/account-changes`);
    await sec.locator('[data-testid=account-changes-page]').waitFor();
    await shot(sec, locale, '31-security-account-changes');
    await sec.context().close();
  });
});
