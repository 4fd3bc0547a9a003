import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import {
  ActivityType, CustomerGrade, CustomerKind, CustomerNature, CustomerStatus, CustomerType, DEFAULT_ROLES, Gender, Level,
  OrderStatus, RoleName,
} from '@custodian/schema';
import { BANKS, INDUSTRIES, PRODUCTS, REGIONS, SOURCES, companyName, digits, mobile, personName } from './names';
import { insertRows, pick, rng } from './rows';

export const DEMO_PASSWORD_DEFAULT = 'Custodian-demo-1';

interface DemoUser { username: string; name: string; roles: RoleName[]; dept: string; clearance: Level }

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', name: '系统管理员', roles: [RoleName.SYSTEM_ADMIN], dept: 'HQ', clearance: Level.INTERNAL },
  { username: 'secofficer', name: '安全保密管理员', roles: [RoleName.SECURITY_OFFICER], dept: 'HQ', clearance: Level.CLASSIFIED },
  { username: 'auditor', name: '安全审计员', roles: [RoleName.AUDITOR], dept: 'HQ', clearance: Level.CONFIDENTIAL },
  { username: 'gm', name: '总经理 周总', roles: [RoleName.GENERAL_MANAGER], dept: 'HQ', clearance: Level.CONFIDENTIAL },
  { username: 'infosup', name: '信息主管 钱敏', roles: [RoleName.INFO_SUPERVISOR], dept: 'HQ', clearance: Level.CONFIDENTIAL },
  { username: 'archivist', name: '信息专员 孙静', roles: [RoleName.ARCHIVIST], dept: 'HQ', clearance: Level.CLASSIFIED },
  { username: 'supervisor1', name: '华东销售经理 李强', roles: [RoleName.SALES_SUPERVISOR], dept: 'EAST', clearance: Level.CONFIDENTIAL },
  { username: 'supervisor2', name: '华西销售经理 赵勇', roles: [RoleName.SALES_SUPERVISOR], dept: 'WEST', clearance: Level.CONFIDENTIAL },
  { username: 'am1', name: '客户经理 王芳', roles: [RoleName.ACCOUNT_MANAGER], dept: 'EAST', clearance: Level.INTERNAL },
  { username: 'am2', name: '客户经理 陈杰', roles: [RoleName.ACCOUNT_MANAGER], dept: 'EAST', clearance: Level.INTERNAL },
  { username: 'am3', name: '客户经理 刘洋', roles: [RoleName.ACCOUNT_MANAGER], dept: 'WEST', clearance: Level.INTERNAL },
  { username: 'finance1', name: '财务 黄丽', roles: [RoleName.FINANCE], dept: 'HQ', clearance: Level.CONFIDENTIAL },
  { username: 'viewer', name: '报表查询员 徐磊', roles: [RoleName.REPORT_VIEWER], dept: 'HQ', clearance: Level.CONFIDENTIAL },
];

const DEPARTMENTS = [
  { code: 'HQ', name: '总公司', parent: null, head: 'gm' },
  { code: 'EAST', name: '华东分公司', parent: 'HQ', head: 'supervisor1' },
  { code: 'WEST', name: '华西分公司', parent: 'HQ', head: 'supervisor2' },
] as const;

const RELATION_TYPES = [
  { name: '母公司', inverse_name: '子公司', description: 'parent / holding' },
  { name: '雇佣', inverse_name: '受雇于', description: 'employment' },
  { name: '亲属', inverse_name: '亲属', description: 'family' },
];

type Ids = Map<string, string>;

async function idsBy(ds: DataSource, table: string, key: string): Promise<Ids> {
  const rows: Array<{ id: string; k: string }> = await ds.query(`SELECT id, ${key} AS k FROM ${table}`);
  return new Map(rows.map((r) => [r.k, String(r.id)]));
}

async function seedOrganisation(ds: DataSource, password: string): Promise<{ users: Ids; depts: Ids }> {
  const existingRoles = await idsBy(ds, 'role', 'name');
  await insertRows(ds, 'role', Object.entries(DEFAULT_ROLES).filter(([name]) => !existingRoles.has(name))
    .map(([name, r]) => ({ name, label_zh: r.zh, label_en: r.en, scope: r.scope })));
  const roles = await idsBy(ds, 'role', 'name');

  for (const d of DEPARTMENTS) {
    const depts = await idsBy(ds, 'department', 'code');
    if (depts.has(d.code)) continue;
    const parentPath = d.parent ? (await ds.query('SELECT path FROM department WHERE code = ?', [d.parent]))[0].path : '/';
    await insertRows(ds, 'department', [{ code: d.code, name: d.name, parent_id: d.parent ? depts.get(d.parent) : null, path: 'pending' }]);
    const id = (await idsBy(ds, 'department', 'code')).get(d.code)!;
    await ds.query('UPDATE department SET path = ? WHERE id = ?', [`${parentPath}${id}/`, id]);
  }
  const depts = await idsBy(ds, 'department', 'code');

  const existingUsers = await idsBy(ds, 'app_user', 'username');
  const hash = await argon2.hash(password);
  const fresh = DEMO_USERS.filter((u) => !existingUsers.has(u.username));
  await insertRows(ds, 'app_user', fresh.map((u) => ({
    username: u.username, display_name: u.name, password_hash: hash, department_id: depts.get(u.dept), clearance: u.clearance,
    must_change_password: false, email: `${u.username}@custodian.example`,
  })));
  const users = await idsBy(ds, 'app_user', 'username');
  await insertRows(ds, 'user_role', fresh.flatMap((u) => u.roles.map((r) => ({ user_id: users.get(u.username), role_id: roles.get(r) }))));
  for (const d of DEPARTMENTS) {
    await ds.query('UPDATE department SET head_user_id = ? WHERE code = ? AND head_user_id IS NULL', [users.get(d.head), d.code]);
  }
  return { users, depts };
}

const STATUSES = Object.values(CustomerStatus);
const GRADES = Object.values(CustomerGrade);
const NATURES = Object.values(CustomerNature);
const ACTIVITY_TYPES = Object.values(ActivityType);
const ORDER_STATUSES = Object.values(OrderStatus);
const DAY = 86_400_000;

function isoDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Demo customers: 36 in East (am1, am2, supervisor1), 24 in West (am3); every tenth archive CONFIDENTIAL and CLASSIFIED. */
async function seedCustomers(ds: DataSource, users: Ids, depts: Ids): Promise<void> {
  const rand = rng(20261124);
  const now = Date.UTC(2026, 10, 1);
  const customers = [];
  for (let i = 0; i < 60; i++) {
    const east = i < 36;
    const place = east ? REGIONS[i % 4] : REGIONS[7 + (i % 3)];
    const individual = i % 6 === 5;
    const owner = east ? ['am1', 'am2', 'supervisor1'][i % 3] : 'am3';
    const level = i % 10 === 3 ? Level.CONFIDENTIAL : i % 10 === 7 ? Level.CLASSIFIED : Level.INTERNAL;
    customers.push({
      code: `C${String(i + 1).padStart(6, '0')}`,
      name: individual ? personName(rand) : companyName(rand, place.city),
      kind: individual ? CustomerKind.INDIVIDUAL : CustomerKind.ORGANIZATION,
      type: i % 8 === 4 ? CustomerType.SPECIAL : CustomerType.ORDINARY,
      nature: individual ? null : pick(rand, NATURES),
      industry: pick(rand, INDUSTRIES), region: place.region, province: place.province, city: place.city,
      address: `${place.city}市${pick(rand, ['人民路', '中山路', '解放路', '建设路', '科技园路'])}${1 + Math.floor(rand() * 300)}号`,
      phone: `0${digits(rand, 2)}-${digits(rand, 8)}`, website: individual ? null : `https://www.example-${i + 1}.cn`,
      source: pick(rand, SOURCES), status: pick(rand, STATUSES), grade: pick(rand, GRADES),
      credit_rating: pick(rand, ['AAA', 'AA', 'A', 'BBB', 'BB']),
      annual_revenue: individual ? null : (Math.floor(rand() * 50000) * 10000).toFixed(2),
      headcount: individual ? null : 10 + Math.floor(rand() * 5000),
      legal_representative: individual ? null : personName(rand),
      registered_capital: individual ? null : (Math.floor(rand() * 10000) * 10000).toFixed(2),
      tax_id: individual ? null : `91${digits(rand, 16)}`,
      bank_name: pick(rand, BANKS), bank_account: `62${digits(rand, 17)}`,
      financial_notes: individual ? null : pick(rand, ['经营稳健，回款及时', '应收账款偏高，需关注', '去年完成增资', '资金链紧张']),
      id_number: individual ? `110${digits(rand, 15)}` : null,
      birthday: individual ? isoDate(Date.UTC(1960 + Math.floor(rand() * 40), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))) : null,
      gender: individual ? pick(rand, [Gender.MALE, Gender.FEMALE]) : null,
      owner_id: users.get(owner), second_manager_id: owner === 'am1' && i % 9 === 0 ? users.get('am2') : null,
      department_id: depts.get(east ? 'EAST' : 'WEST'), archive_level: level,
      custodian_id: level === Level.CLASSIFIED ? users.get('archivist') : null,
      updated_at: new Date(now - i * 3_600_000),
    });
  }
  await insertRows(ds, 'customer', customers);
  const customerIds = await idsBy(ds, 'customer', 'code');

  const contacts = customers.flatMap((c, i) => Array.from({ length: 2 + (i % 2) }, (_, k) => ({
    customer_id: customerIds.get(c.code), name: personName(rand), salutation: pick(rand, ['先生', '女士', '经理', '总']),
    department: pick(rand, ['采购部', '财务部', '总经办', '技术部']), title: pick(rand, ['经理', '总监', '主管', '专员']),
    office_phone: c.phone, mobile: mobile(rand), email: `contact${i + 1}_${k + 1}@example.cn`,
    home_phone: `0${digits(rand, 2)}-${digits(rand, 8)}`, home_address: `${c.city}市${digits(rand, 3)}弄${digits(rand, 2)}号`,
    birthday: isoDate(Date.UTC(1970 + Math.floor(rand() * 30), (10 + k) % 12, 1 + Math.floor(rand() * 28))),
    hobbies: pick(rand, ['高尔夫', '读书', '茶艺', '摄影', '跑步']), decision_influence: pick(rand, ['HIGH', 'MEDIUM', 'LOW']),
    is_primary: k === 0,
  })));
  await insertRows(ds, 'contact', contacts);
  const contactRows: Array<{ id: string; customer_id: string }> = await ds.query('SELECT id, customer_id FROM contact');
  const firstContact = new Map<string, string>();
  for (const r of contactRows) if (!firstContact.has(String(r.customer_id))) firstContact.set(String(r.customer_id), String(r.id));

  const activities = customers.flatMap((c, i) => Array.from({ length: 3 }, (_, k) => {
    const occurred = now - (k * 20 + i) * DAY;
    const type = pick(rand, ACTIVITY_TYPES);
    return {
      customer_id: customerIds.get(c.code), contact_id: firstContact.get(customerIds.get(c.code)!), owner_id: c.owner_id,
      type, method: type === 'CALL' ? '电话' : '面谈', subject: `${pick(rand, ['季度回访', '产品介绍', '合同洽谈', '售后跟进', '需求调研'])}`,
      content: '沟通了近期合作需求与交付计划。', outcome: pick(rand, ['客户有意向', '待报价', '已达成一致', '需再次跟进']),
      occurred_at: new Date(occurred), next_follow_up_at: k === 0 ? new Date(Date.now() + ((i % 10) + 1) * DAY) : null,
    };
  }));
  await insertRows(ds, 'activity', activities);

  const orders = customers.flatMap((c, i) => Array.from({ length: 2 }, (_, k) => ({
    order_no: `SO${String(i * 2 + k + 1).padStart(8, '0')}`, customer_id: customerIds.get(c.code),
    contact_id: firstContact.get(customerIds.get(c.code)!), owner_id: c.owner_id,
    order_date: isoDate(now - (k * 45 + i * 3) * DAY), status: pick(rand, ORDER_STATUSES), currency: 'CNY',
    due_date: isoDate(now + (30 - k * 40) * DAY),
  })));
  await insertRows(ds, 'sales_order', orders);
  const orderIds = await idsBy(ds, 'sales_order', 'order_no');
  const lines = orders.flatMap((o, i) => Array.from({ length: 1 + (i % 3) }, (_, k) => {
    const p = pick(rand, PRODUCTS);
    const quantity = 1 + Math.floor(rand() * 20);
    const discount = pick(rand, [0, 0, 0.05, 0.1]);
    return {
      order_id: orderIds.get(o.order_no), line_no: k + 1, product: p.product, model: p.model, quantity, unit: p.unit,
      unit_price: p.price.toFixed(2), cost_price: (p.price * 0.62).toFixed(2), discount,
      amount: (Math.round(quantity * p.price * (1 - discount) * 100) / 100).toFixed(2),
    };
  }));
  await insertRows(ds, 'sales_order_line', lines);
  await ds.query(`UPDATE sales_order SET amount = (SELECT COALESCE(SUM(l.amount), 0) FROM sales_order_line l WHERE l.order_id = sales_order.id)`);
  await ds.query(`UPDATE sales_order SET received_amount = amount, invoiced = TRUE WHERE status = 'PAID'`);
  await ds.query(`UPDATE sales_order SET invoiced = TRUE WHERE status = 'INVOICED'`);

  await insertRows(ds, 'relation_type', RELATION_TYPES);
  const relTypes = await idsBy(ds, 'relation_type', 'name');
  await insertRows(ds, 'customer_relation', [
    { from_customer_id: customerIds.get('C000001'), to_customer_id: customerIds.get('C000002'), relation_type_id: relTypes.get('母公司') },
    { from_customer_id: customerIds.get('C000037'), to_customer_id: customerIds.get('C000038'), relation_type_id: relTypes.get('母公司') },
  ]);
}

/** Seeds the demo organisation, users and archive. Idempotent: what exists is left alone. */
export async function seedDemo(ds: DataSource, password = process.env.DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT): Promise<boolean> {
  const { users, depts } = await seedOrganisation(ds, password);
  const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM customer');
  if (Number(n) > 0) return false;
  await seedCustomers(ds, users, depts);
  return true;
}
