import { DataSource, QueryRunner } from 'typeorm';
import {
  ActivityType, CustomerGrade, CustomerKind, CustomerNature, CustomerStatus, CustomerType, Gender, Level, OrderStatus, RoleName,
} from '@custodian/schema';
import { BANKS, INDUSTRIES, PRODUCTS, REGIONS, SOURCES, companyName, digits, mobile, personName } from './names';
import { pick, rng } from './rows';
import { seedDemo } from './seed';

/**
 * Deterministic dataset generator (issue 7): the demo organisation plus generated branches, teams,
 * account managers and a customer archive of the chosen scale, inserted with multi-row INSERTs and
 * explicit ids, so children never look their parents up.
 */

export type Scale = 'tiny' | 'small' | 'medium' | 'large';

/** Customers per scale; everything else follows per customer (3 contacts, 10 activities, 5 orders, 3 lines). */
export const SCALE_CUSTOMERS: Record<Scale, number> = { tiny: 200, small: 1_000, medium: 100_000, large: 1_000_000 };

export interface GenerateOptions {
  scale: Scale;
  force?: boolean;
  seed?: number;
  log?: (line: string) => void;
}

export interface GenerateResult {
  customers: number;
  contacts: number;
  activities: number;
  orders: number;
  lines: number;
  seconds: number;
}

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);
const BLOCK = 1000;
const ROWS_PER_INSERT = 1000;
const LANES = 3;

const STATUSES = Object.values(CustomerStatus);
const GRADES = Object.values(CustomerGrade);
const NATURES = Object.values(CustomerNature);
const ACTIVITY_TYPES = Object.values(ActivityType);
const ORDER_STATUSES: OrderStatus[] = Object.values(OrderStatus);

/** Branches (分公司) below HQ; EAST and WEST are the demo's own. */
const BRANCHES = [
  { code: 'EAST', name: '华东分公司', regions: [0, 1, 2, 3] }, { code: 'WEST', name: '华西分公司', regions: [7, 8] },
  { code: 'NORTH', name: '华北分公司', regions: [4] }, { code: 'SOUTH', name: '华南分公司', regions: [5, 6] },
  { code: 'CENTRAL', name: '华中分公司', regions: [10] }, { code: 'NORTHWEST', name: '西北分公司', regions: [9] },
  { code: 'NORTHEAST', name: '东北分公司', regions: [11] },
] as const;

const TEAM_NAMES = ['销售一部', '销售二部', '销售三部', '销售四部', '销售五部', '销售六部', '大客户部', '渠道部'];

/** mysql2's text protocol takes strings for DATETIME(3) as they are: no Date conversion per value. */
function sqlTime(t: number): string {
  return new Date(t).toISOString().slice(0, 23).replace('T', ' ');
}

function sqlDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Per-customer generator seed, so every customer's rows are the same whatever the insert order. */
function seedOf(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

type Row = unknown[];

interface Table { name: string; cols: string[] }

const T = {
  customer: { name: 'customer', cols: ['id', 'code', 'name', 'kind', 'type', 'nature', 'industry', 'region', 'province', 'city', 'address',
    'phone', 'website', 'source', 'status', 'loss_reason', 'grade', 'credit_rating', 'annual_revenue', 'headcount', 'legal_representative',
    'registered_capital', 'tax_id', 'bank_name', 'bank_account', 'financial_notes', 'id_number', 'birthday', 'gender', 'owner_id',
    'second_manager_id', 'department_id', 'archive_level', 'custodian_id', 'notes', 'created_at', 'updated_at'] },
  contact: { name: 'contact', cols: ['id', 'customer_id', 'name', 'salutation', 'department', 'title', 'office_phone', 'mobile', 'email',
    'home_phone', 'home_address', 'birthday', 'hobbies', 'decision_influence', 'is_primary', 'created_at', 'updated_at'] },
  activity: { name: 'activity', cols: ['id', 'customer_id', 'contact_id', 'owner_id', 'type', 'method', 'subject', 'content', 'outcome',
    'occurred_at', 'next_follow_up_at', 'created_at', 'updated_at'] },
  order: { name: 'sales_order', cols: ['id', 'order_no', 'customer_id', 'contact_id', 'owner_id', 'order_date', 'amount', 'currency',
    'status', 'invoiced', 'received_amount', 'due_date', 'received_date', 'created_at', 'updated_at'] },
  line: { name: 'sales_order_line', cols: ['id', 'order_id', 'line_no', 'product', 'model', 'quantity', 'unit', 'unit_price',
    'cost_price', 'discount', 'amount'] },
} satisfies Record<string, Table>;

type TableKey = keyof typeof T;

/** One connection with its own session settings; blocks of customers are spread over a few lanes. */
class Lane {
  busy: Promise<void> = Promise.resolve();
  constructor(readonly qr: QueryRunner) {}
}

async function insertMany(qr: QueryRunner, table: Table, rows: Row[]): Promise<void> {
  const tuple = `(${table.cols.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_INSERT);
    await qr.query(`INSERT INTO ${table.name} (${table.cols.join(',')}) VALUES ${part.map(() => tuple).join(',')}`, part.flat());
  }
}

interface Owner { id: string; departmentId: string; branch: number }

interface Plan {
  seed: number;
  owners: Owner[];
  archivistId: string;
  base: Record<TableKey, number>;
}

/** Children per customer (and lines per order) follow short cycles, so the rows before index i have a closed form. */
const cycle = (period: number, f: (j: number) => number) => {
  const sums = [0];
  for (let j = 0; j < period; j++) sums.push(sums[j] + f(j));
  return { count: f, before: (i: number) => Math.floor(i / period) * sums[period] + sums[i % period] };
};
const CONTACTS = cycle(3, (i) => 2 + (i % 3));
const ACTIVITIES = cycle(13, (i) => 4 + ((i * 7) % 13));
const ORDERS = cycle(9, (i) => 1 + ((i * 4) % 9));
const LINES = cycle(5, (o) => 1 + ((o * 2) % 5));

/** Exact cents: round(quantity × price × (1 − discount)), discount in 1/10000. */
function lineCents(quantity: number, priceCents: number, discount4: number): number {
  return Math.floor((quantity * priceCents * (10000 - discount4) + 5000) / 10000);
}

const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

/** Rows of one block of customers [from, to): the customer and all its children. */
function generateBlock(plan: Plan, from: number, to: number): Record<TableKey, Row[]> {
  const out: Record<TableKey, Row[]> = { customer: [], contact: [], activity: [], order: [], line: [] };
  for (let i = from; i < to; i++) {
    const rand = rng(seedOf(plan.seed, i));
    const owner = plan.owners[i % plan.owners.length];
    const branch = BRANCHES[owner.branch];
    const place = REGIONS[branch.regions[i % branch.regions.length]];
    const individual = rand() < 0.15;
    const roll = rand();
    const level = roll < 0.02 ? Level.CLASSIFIED : roll < 0.12 ? Level.CONFIDENTIAL : roll < 0.13 ? Level.PUBLIC : Level.INTERNAL;
    const status = pick(rand, STATUSES);
    const created = NOW - Math.floor(rand() * 5 * 365) * DAY - Math.floor(rand() * DAY);
    const updated = Math.min(NOW, created + Math.floor(rand() * 400) * DAY);
    const customerId = plan.base.customer + i;
    const phone = `0${digits(rand, 2)}-${digits(rand, 8)}`;
    const secondManager = rand() < 0.05 ? plan.owners[(i * 7 + 3) % plan.owners.length] : null;
    out.customer.push([
      customerId, `G${String(i + 1).padStart(8, '0')}`, individual ? personName(rand) : companyName(rand, place.city),
      individual ? CustomerKind.INDIVIDUAL : CustomerKind.ORGANIZATION, rand() < 0.1 ? CustomerType.SPECIAL : CustomerType.ORDINARY,
      individual ? null : pick(rand, NATURES), pick(rand, INDUSTRIES), place.region, place.province, place.city,
      `${place.city}市${pick(rand, ['人民路', '中山路', '解放路', '建设路', '科技园路', '长江路', '和平大道'])}${1 + Math.floor(rand() * 500)}号`,
      phone, individual ? null : `https://www.g${i + 1}.example.cn`, pick(rand, SOURCES), status,
      status === CustomerStatus.LOST ? pick(rand, ['价格原因', '选择竞争对手', '需求取消']) : null, pick(rand, GRADES),
      pick(rand, ['AAA', 'AA', 'A', 'BBB', 'BB']), individual ? null : `${Math.floor(rand() * 50000) * 10000}.00`,
      individual ? null : 10 + Math.floor(rand() * 5000), individual ? null : personName(rand),
      individual ? null : `${Math.floor(rand() * 10000) * 10000}.00`, individual ? null : `91${digits(rand, 16)}`,
      pick(rand, BANKS), `62${digits(rand, 17)}`,
      individual ? null : pick(rand, ['经营稳健，回款及时', '应收账款偏高，需关注', '去年完成增资', '资金链紧张']),
      individual ? `110${digits(rand, 15)}` : null,
      individual ? sqlDate(Date.UTC(1960 + Math.floor(rand() * 40), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))) : null,
      individual ? pick(rand, [Gender.MALE, Gender.FEMALE]) : null, owner.id, secondManager && secondManager.id !== owner.id ? secondManager.id : null,
      owner.departmentId, level, level === Level.CLASSIFIED ? plan.archivistId : null, null, sqlTime(created), sqlTime(updated),
    ]);

    const contactIds: number[] = [];
    for (let k = 0, n = CONTACTS.count(i); k < n; k++) {
      const id = plan.base.contact + CONTACTS.before(i) + k;
      contactIds.push(id);
      out.contact.push([
        id, customerId, personName(rand), pick(rand, ['先生', '女士', '经理', '总']), pick(rand, ['采购部', '财务部', '总经办', '技术部']),
        pick(rand, ['经理', '总监', '主管', '专员']), phone, mobile(rand), `c${id}@g${i + 1}.example.cn`, `0${digits(rand, 2)}-${digits(rand, 8)}`,
        `${place.city}市${digits(rand, 3)}弄${digits(rand, 2)}号`,
        sqlDate(Date.UTC(1965 + Math.floor(rand() * 35), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))),
        pick(rand, ['高尔夫', '读书', '茶艺', '摄影', '跑步', '钓鱼']), pick(rand, ['HIGH', 'MEDIUM', 'LOW']), k === 0, sqlTime(created), sqlTime(created),
      ]);
    }

    for (let k = 0, n = ACTIVITIES.count(i); k < n; k++) {
      const occurred = NOW - Math.floor(rand() * 730 * DAY);
      const type = pick(rand, ACTIVITY_TYPES);
      out.activity.push([
        plan.base.activity + ACTIVITIES.before(i) + k, customerId, pick(rand, contactIds), owner.id, type,
        type === 'CALL' ? '电话' : type === 'VISIT' ? '上门拜访' : '面谈',
        pick(rand, ['季度回访', '产品介绍', '合同洽谈', '售后跟进', '需求调研', '商务宴请', '技术交流']),
        '沟通了近期合作需求与交付计划。', pick(rand, ['客户有意向', '待报价', '已达成一致', '需再次跟进']), sqlTime(occurred),
        k === 0 && rand() < 0.3 ? sqlTime(NOW + Math.floor(rand() * 30) * DAY) : null, sqlTime(occurred), sqlTime(occurred),
      ]);
    }

    for (let k = 0, n = ORDERS.count(i); k < n; k++) {
      const orderIndex = ORDERS.before(i) + k;
      const orderId = plan.base.order + orderIndex;
      const date = NOW - Math.floor(rand() * 3 * 365) * DAY;
      let total = 0;
      for (let l = 0, nl = LINES.count(orderIndex); l < nl; l++) {
        const p = pick(rand, PRODUCTS);
        const quantity = 1 + Math.floor(rand() * 20);
        const discount4 = pick(rand, [0, 0, 500, 1000]);
        const priceCents = Math.round(p.price * 100);
        const amount = lineCents(quantity, priceCents, discount4);
        total += amount;
        out.line.push([
          plan.base.line + LINES.before(orderIndex) + l, orderId, l + 1, p.product, p.model, quantity, p.unit, cents(priceCents),
          cents(Math.round(priceCents * 0.62)), (discount4 / 10000).toFixed(4), cents(amount),
        ]);
      }
      const orderStatus = pick(rand, ORDER_STATUSES);
      const received = orderStatus === OrderStatus.PAID ? total : orderStatus === OrderStatus.INVOICED ? Math.floor(total * pick(rand, [0, 0.3, 0.5])) : 0;
      out.order.push([
        orderId, `G${String(orderIndex + 1).padStart(9, '0')}`, customerId, contactIds[0], owner.id, sqlDate(date), cents(total), 'CNY',
        orderStatus, orderStatus === OrderStatus.INVOICED || orderStatus === OrderStatus.PAID, cents(received), sqlDate(date + 30 * DAY),
        orderStatus === OrderStatus.PAID ? sqlDate(date + 20 * DAY) : null, sqlTime(date), sqlTime(date),
      ]);
    }
  }
  return out;
}

async function maxId(ds: DataSource, table: string): Promise<number> {
  const [{ m }] = await ds.query(`SELECT MAX(id) AS m FROM ${table}`);
  return Number(m ?? 0);
}

async function idsBy(ds: DataSource, table: string, key: string): Promise<Map<string, string>> {
  const rows: Array<{ id: string; k: string }> = await ds.query(`SELECT id, ${key} AS k FROM ${table}`);
  return new Map(rows.map((r) => [r.k, String(r.id)]));
}

/** Branches and teams below HQ, a supervisor per team and account managers; existing ones are kept. */
async function generateOrganisation(ds: DataSource, customers: number): Promise<Owner[]> {
  const depts = await idsBy(ds, 'department', 'code');
  const users = await idsBy(ds, 'app_user', 'username');
  const roles = await idsBy(ds, 'role', 'name');
  const [{ password_hash: hash }] = await ds.query("SELECT password_hash FROM app_user WHERE username = 'am1'");
  const teamsPerBranch = customers >= 100_000 ? 4 : 1;
  const amTotal = Math.max(BRANCHES.length * teamsPerBranch, Math.round(customers / 500));
  const amPerTeam = Math.ceil(amTotal / (BRANCHES.length * teamsPerBranch));

  const ensureDept = async (code: string, name: string, parentCode: string): Promise<string> => {
    if (depts.has(code)) return depts.get(code)!;
    const parentId = depts.get(parentCode)!;
    const [{ path }] = await ds.query('SELECT path FROM department WHERE id = ?', [parentId]);
    await ds.query('INSERT INTO department (code, name, parent_id, path) VALUES (?, ?, ?, ?)', [code, name, parentId, 'pending']);
    const [{ id }] = await ds.query('SELECT id FROM department WHERE code = ?', [code]);
    await ds.query('UPDATE department SET path = ? WHERE id = ?', [`${path}${id}/`, id]);
    depts.set(code, String(id));
    return String(id);
  };
  const ensureUser = async (username: string, name: string, departmentId: string, role: RoleName, clearance: Level): Promise<string> => {
    if (users.has(username)) return users.get(username)!;
    await ds.query(`INSERT INTO app_user (username, display_name, password_hash, department_id, clearance, must_change_password, email)
      VALUES (?, ?, ?, ?, ?, FALSE, ?)`, [username, name, hash, departmentId, clearance, `${username}@custodian.example`]);
    const [{ id }] = await ds.query('SELECT id FROM app_user WHERE username = ?', [username]);
    await ds.query('INSERT INTO user_role (user_id, role_id) VALUES (?, ?)', [id, roles.get(role)]);
    users.set(username, String(id));
    return String(id);
  };

  const rand = rng(7_2026);
  const owners: Owner[] = [];
  for (let b = 0; b < BRANCHES.length; b++) {
    const branch = BRANCHES[b];
    const branchId = await ensureDept(branch.code, branch.name, 'HQ');
    if (b === 0) for (const demo of ['am1', 'am2', 'supervisor1']) owners.push({ id: users.get(demo)!, departmentId: branchId, branch: b });
    if (b === 1) owners.push({ id: users.get('am3')!, departmentId: branchId, branch: b });
    for (let t = 0; t < teamsPerBranch; t++) {
      const code = `${branch.code}-T${t + 1}`;
      const teamId = await ensureDept(code, `${branch.name}${TEAM_NAMES[t % TEAM_NAMES.length]}`, branch.code);
      const head = await ensureUser(`sup_${code.toLowerCase().replace('-', '_')}`, `销售经理 ${personName(rand)}`, teamId,
        RoleName.SALES_SUPERVISOR, Level.CONFIDENTIAL);
      await ds.query('UPDATE department SET head_user_id = ? WHERE id = ? AND head_user_id IS NULL', [head, teamId]);
      for (let a = 0; a < amPerTeam; a++) {
        const id = await ensureUser(`am_${code.toLowerCase().replace('-', '_')}_${a + 1}`, `客户经理 ${personName(rand)}`, teamId,
          RoleName.ACCOUNT_MANAGER, Level.INTERNAL);
        owners.push({ id, departmentId: teamId, branch: b });
      }
    }
  }
  return owners;
}

const ARCHIVE_TABLES = ['sales_order_line', 'sales_order', 'activity', 'contact', 'customer_relation', 'relation_type', 'access_grant', 'access_approval',
  'access_request', 'customer'];

/** Opens a lane: a dedicated connection that skips per-row unique and foreign-key checks where the server allows it. */
async function openLane(ds: DataSource, log: (l: string) => void, warned: { done: boolean }): Promise<Lane> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SET unique_checks = 0');
    await qr.query('SET foreign_key_checks = 0');
  } catch {
    if (!warned.done) log('the server refused SET unique_checks/foreign_key_checks: inserting with checks on (slower, same data)');
    warned.done = true;
  }
  return new Lane(qr);
}

/** Empties the archive tables (keeps users, departments, roles and the audit log). */
async function clearArchive(ds: DataSource): Promise<void> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    let checksOff = true;
    await qr.query('SET foreign_key_checks = 0').catch(() => { checksOff = false; });
    for (const t of ARCHIVE_TABLES) {
      if (checksOff) await qr.query(`TRUNCATE TABLE ${t}`).catch(() => qr.query(`DELETE FROM ${t}`));
      else await qr.query(`DELETE FROM ${t}`);
    }
  } finally {
    await qr.release();
  }
}

/** Generates the dataset into `ds` (already migrated). */
export async function generate(ds: DataSource, options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const started = Date.now();
  const total = SCALE_CUSTOMERS[options.scale];
  const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM customer');
  if (Number(n) > 0) {
    if (!options.force) throw new Error(`the customer table already holds ${n} rows: generate into an empty database, or pass --force to replace the archive`);
    log(`--force: emptying the archive tables (${n} customers)`);
    await clearArchive(ds);
  }
  await seedDemo(ds);
  const owners = await generateOrganisation(ds, total);
  const users = await idsBy(ds, 'app_user', 'username');
  const plan: Plan = {
    seed: options.seed ?? 20261101,
    owners,
    archivistId: users.get('archivist')!,
    base: {
      customer: (await maxId(ds, 'customer')) + 1, contact: (await maxId(ds, 'contact')) + 1, activity: (await maxId(ds, 'activity')) + 1,
      order: (await maxId(ds, 'sales_order')) + 1, line: (await maxId(ds, 'sales_order_line')) + 1,
    },
  };
  log(`generating ${options.scale}: ${total.toLocaleString('en')} customers for ${owners.length} owners in ${new Set(owners.map((o) => o.departmentId)).size} departments`);

  const warned = { done: false };
  const lanes: Lane[] = [];
  for (let l = 0; l < LANES; l++) lanes.push(await openLane(ds, log, warned));
  const counts: Record<TableKey, number> = { customer: 0, contact: 0, activity: 0, order: 0, line: 0 };
  let lastReport = Date.now();
  const report = (final = false) => {
    const s = (Date.now() - started) / 1000;
    log(`${final ? 'done' : '    '} ${s.toFixed(1).padStart(6)}s  customers ${counts.customer.toLocaleString('en')}  contacts ${counts.contact.toLocaleString('en')}  `
      + `activities ${counts.activity.toLocaleString('en')}  orders ${counts.order.toLocaleString('en')}  lines ${counts.line.toLocaleString('en')}`);
  };
  let failure: unknown = null;
  try {
    for (let from = 0, b = 0; from < total && !failure; from += BLOCK, b++) {
      const rows = generateBlock(plan, from, Math.min(total, from + BLOCK));
      const lane = lanes[b % LANES];
      await lane.busy;
      lane.busy = (async () => {
        for (const key of ['customer', 'contact', 'activity', 'order', 'line'] as TableKey[]) {
          await insertMany(lane.qr, T[key], rows[key]);
          counts[key] += rows[key].length;
        }
      })().catch((err) => { failure = err; });
      if (Date.now() - lastReport > 5000) {
        report();
        lastReport = Date.now();
      }
    }
    await Promise.all(lanes.map((l) => l.busy));
    if (failure) throw failure;
  } finally {
    for (const lane of lanes) await lane.qr.release();
  }
  report(true);
  return {
    customers: counts.customer, contacts: counts.contact, activities: counts.activity, orders: counts.order, lines: counts.line,
    seconds: (Date.now() - started) / 1000,
  };
}
