import dayjs from 'dayjs';
import { canonDecimal, fractionOf, lineEstimate, orderEstimate, percentOf } from '../../web/app/_components/record-kinds';
import { customerInput } from '../../web/app/_components/customer-fields';
import { translator } from '../../web/app/_i18n/messages';
import { navFor, pageAllowed } from '../../web/app/_lib/nav';
import { parseListState, toQueryString, toVariables } from '../../web/app/_lib/customer-list';
import { badInputText, classifiedFields, fieldProblems, formPath } from '../../web/app/_lib/errors';
import { aggregate, birthdayThisWeek, matrixFromTotals, matrixQuery, thisWeek } from '../../web/app/_lib/workbench';
import { signInError } from '../../web/app/signin/SignInForm';
import { customer } from './fixtures';

describe('customer list state', () => {
  it('maps search, filters, sort and cursor to one keyset query', () => {
    const state = parseListState({ q: '上海', status: 'ACTIVE,SIGNED', grade: ['A'], owner: 'me', sort: 'NAME', dir: 'ASC', after: 'abc' });
    expect(toVariables(state, '9')).toEqual({
      first: 20, after: 'abc',
      where: { search: '上海', statusIn: ['ACTIVE', 'SIGNED'], gradeIn: ['A'], ownerIdIn: ['9'] },
      orderBy: { field: 'NAME', direction: 'ASC' },
    });
  });

  it('round-trips through the URL and ignores values it does not know', () => {
    const state = parseListState({ q: 'C0001', region: '华东', sort: 'DROP TABLE', size: '7' });
    expect(state.sort).toBe('UPDATED_AT');
    expect(state.size).toBe(20);
    expect(parseListState(Object.fromEntries(new URLSearchParams(toQueryString(state))))).toEqual(state);
  });
});

describe('errors', () => {
  it('turns input paths into form field names', () => {
    expect(formPath('input.phone')).toEqual(['phone']);
    expect(formPath('lines.0.quantity')).toEqual(['lines', 0, 'quantity']);
  });

  it('groups validation issues per field', () => {
    const t = translator('zh-CN');
    expect(fieldProblems(t, { message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'phone', issues: [{ field: 'phone', message: 'a' }, { field: 'phone', message: 'b' }] } }))
      .toEqual([{ name: ['phone'], errors: ['a', 'b'] }]);
    expect(fieldProblems(t, { message: 'x', extensions: { code: 'CONFLICT' } })).toEqual([]);
  });

  describe('validation issues in the user’s language', () => {
    const badInput = (...issues: Array<{ field: string; message: string; constraint?: string; args?: number[] }>) =>
      ({ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', field: issues[0].field, issues } });
    const problems = (locale: 'zh-CN' | 'en', ...issues: Parameters<typeof badInput>) => fieldProblems(translator(locale), badInput(...issues));

    it('says a known constraint with its arguments in zh-CN and en', () => {
      const name = { field: 'name', message: 'name must be shorter than or equal to 200 characters', constraint: 'isLength', args: [1, 200] };
      const hours = { field: 'hours', message: 'hours must not be greater than 72', constraint: 'max', args: [72] };
      expect(problems('zh-CN', name, hours)).toEqual([
        { name: ['name'], errors: ['长度须为 1–200 个字符'] },
        { name: ['hours'], errors: ['不能大于 72'] },
      ]);
      expect(problems('en', name, hours)).toEqual([
        { name: ['name'], errors: ['Must be 1–200 characters'] },
        { name: ['hours'], errors: ['Must not be greater than 72'] },
      ]);
      expect(problems('zh-CN', { field: 'email', message: 'email must be an email', constraint: 'isEmail' })[0].errors).toEqual(['请输入有效的电子邮箱地址']);
      expect(problems('zh-CN', { field: 'lines.0.product', message: 'product must be …', constraint: 'maxLength', args: [128] }))
        .toEqual([{ name: ['lines', 0, 'product'], errors: ['最多 128 个字符'] }]);
    });

    it('says a pattern or decimal bound by the field it guards', () => {
      expect(problems('zh-CN', { field: 'mobile', message: 'mobile may contain digits, spaces and + - ( ) only', constraint: 'matches' })[0].errors)
        .toEqual(['只能包含数字、空格和 + - ( )']);
      expect(problems('en', { field: 'lines.2.quantity', message: 'quantity must be a number > 0 …', constraint: 'decimalIn' })[0].errors)
        .toEqual(['Greater than 0, at most 3 decimals']);
    });

    it('keeps the server’s message for a constraint, a pattern or arguments it does not know', () => {
      expect(problems('zh-CN', { field: 'x', message: 'x must be a prime', constraint: 'isPrime' })[0].errors).toEqual(['x must be a prime']);
      expect(problems('zh-CN', { field: 'code', message: 'code must be 2–64 capital letters', constraint: 'matches' })[0].errors).toEqual(['code must be 2–64 capital letters']);
      expect(problems('zh-CN', { field: 'name', message: 'name is too long', constraint: 'maxLength' })[0].errors).toEqual(['name is too long']);
      expect(problems('zh-CN', { field: 'name', message: 'from an older server' })[0].errors).toEqual(['from an older server']);
    });

    it('says a repeated text once per field', () => {
      expect(problems('zh-CN',
        { field: 'name', message: 'name cannot be null', constraint: 'isDefined' },
        { field: 'name', message: 'name should not be null', constraint: 'isDefined' },
        { field: 'name', message: 'name must be longer than or equal to 1 characters', constraint: 'isLength', args: [1, 200] },
      )).toEqual([{ name: ['name'], errors: ['必填', '长度须为 1–200 个字符'] }]);
    });

    it('sums the issues up in one line for an alert', () => {
      expect(badInputText(translator('en'), badInput({ field: 'hours', message: 'hours must not be greater than 72', constraint: 'max', args: [72] },
        { field: 'reason', message: 'reason must be 5–2000 characters', constraint: 'isLength', args: [5, 2000] })))
        .toBe('hours: Must not be greater than 72; reason: Must be 5–2000 characters');
      expect(badInputText(translator('en'), { message: 'departmentId: no such department', extensions: { code: 'BAD_USER_INPUT', field: 'departmentId' } }))
        .toBe('departmentId: no such department');
    });
  });

  it('reads FIELD_CLASSIFIED errors under a path', () => {
    const locks = classifiedFields([
      { message: '', path: ['customer', 'bankAccount'], extensions: { code: 'FIELD_CLASSIFIED', level: 'CLASSIFIED', requestable: true, reason: 'CUSTODIAN_ONLY' } },
      { message: '', path: ['contacts', 'edges', 0, 'node', 'mobile'], extensions: { code: 'FIELD_CLASSIFIED', level: 'CONFIDENTIAL' } },
    ], ['customer']);
    expect([...locks.keys()]).toEqual(['bankAccount']);
    expect(locks.get('bankAccount')).toMatchObject({ level: 'CLASSIFIED', readable: false, requestable: true, reason: 'CUSTODIAN_ONLY' });
  });

  it('explains sign-in failures by reason', () => {
    const t = translator('zh-CN');
    expect(signInError(t, 'WRONG_CREDENTIALS')).toBe('用户名或密码错误');
    expect(signInError(t, 'ACCOUNT_LOCKED:2026-11-24T08:15:00.000Z')).toContain('已被锁定');
    expect(signInError(t, 'ACCOUNT_DISABLED')).toContain('已停用');
    expect(signInError(translator('en'), 'WRONG_CREDENTIALS')).toBe('Wrong username or password');
  });
});

describe('customer input', () => {
  it('creates with the filled fields only', () => {
    expect(customerInput({ name: ' 新客户 ', phone: '', headcount: 12, birthday: dayjs('1980-02-03') })).toEqual({ name: '新客户', headcount: 12, birthday: '1980-02-03' });
  });

  it('updates the changed fields, clearing one with null, and never a skipped (withheld) field', () => {
    const values = { ...customer, phone: '', address: '新地址', bankAccount: 'typed anyway', annualRevenue: '191930000.00' };
    expect(customerInput(values, customer, (f) => f === 'bankAccount')).toEqual({ phone: null, address: '新地址' });
  });
});

describe('order arithmetic', () => {
  it('rounds each line like the server and sums them', () => {
    expect(lineEstimate({ quantity: '3', unitPrice: '99.99', discount: '5' })).toBe(284.97);
    expect(orderEstimate([{ quantity: '2', unitPrice: '100', discount: '10' }, { quantity: '1', unitPrice: '50.5' }])).toBe(230.5);
    expect(orderEstimate([{ quantity: 'x' }])).toBe(0);
  });

  it('converts between the API’s fractions and the form’s percentages', () => {
    expect(percentOf('0.0500')).toBe('5');
    expect(fractionOf('12.5')).toBe('0.125');
    expect(canonDecimal('2.000')).toBe('2');
    expect(canonDecimal('100.50')).toBe('100.5');
  });
});

describe('workbench', () => {
  it('counts customers per status and grade, and those it may not see', () => {
    const m = aggregate([{ status: 'ACTIVE', grade: 'A' }, { status: 'ACTIVE', grade: 'A' }, { status: 'LOST', grade: 'D' }, { status: null, grade: null }]);
    expect(m.counts.ACTIVE.A).toBe(2);
    expect(m.counts.LOST.D).toBe(1);
    expect(m).toMatchObject({ total: 4, withheld: 1 });
  });

  it('falls back to one totalCount per status × grade', () => {
    expect(matrixQuery().match(/customers\(/g)).toHaveLength(25);
    const m = matrixFromTotals({ all: { totalCount: 10 }, ACTIVE_A: { totalCount: 7 } });
    expect(m).toMatchObject({ total: 10, withheld: 3 });
  });

  it('finds birthdays in this Monday-to-Sunday week, whatever the year', () => {
    const wednesday = dayjs('2026-11-25T10:00:00');
    expect(thisWeek(wednesday).start.format('YYYY-MM-DD')).toBe('2026-11-23');
    expect(birthdayThisWeek('1975-11-29', wednesday)?.format('YYYY-MM-DD')).toBe('2026-11-29');
    expect(birthdayThisWeek('1975-11-30', wednesday)).toBeUndefined();
    expect(birthdayThisWeek(null, wednesday)).toBeUndefined();
  });
});

describe('pages by role', () => {
  it('opens each administration page only to the roles its menu entry names', () => {
    expect(pageAllowed('/admin/roles', ['SYSTEM_ADMIN'])).toBe(true);
    expect(pageAllowed('/admin/roles', ['ACCOUNT_MANAGER', 'SECURITY_OFFICER'])).toBe(false);
    expect(pageAllowed('/admin/fields', ['SECURITY_OFFICER'])).toBe(true);
    expect(pageAllowed('/admin/fields', ['SYSTEM_ADMIN'])).toBe(false);
    expect(pageAllowed('/admin/archives', ['INFO_SUPERVISOR'])).toBe(true);
    expect(pageAllowed('/admin/users', ['AUDITOR'])).toBe(false);
  });

  it('leaves pages without a role list open, and agrees with the menu', () => {
    expect(pageAllowed('/customers', ['AUDITOR'])).toBe(true);
    expect(pageAllowed('/customers/42', [])).toBe(true);
    const roles = ['SECURITY_OFFICER'];
    expect(navFor(roles).map((i) => i.href).filter((h) => h.startsWith('/admin'))).toEqual(['/admin/users', '/admin/fields', '/admin/archives', '/admin/account-changes']);
    for (const item of navFor(roles)) expect(pageAllowed(item.href, roles)).toBe(true);
  });
});
