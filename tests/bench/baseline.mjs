// Baseline for the benchmark: the same data as the API scenarios, fetched with hand-written SQL
// through mysql2 and serialised to JSON over HTTP, with no auth, policy or audit — the practical
// limit of this machine. Usage: DATABASE_URL=… PORT=… node baseline.mjs
import { createServer } from 'node:http';
import { createPool } from 'mysql2/promise';

const pool = createPool({
  uri: process.env.DATABASE_URL, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true, dateStrings: false,
  connectionLimit: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const OPEN = "'CONFIRMED','SHIPPED','INVOICED'";
const LIST_FIELDS = 'c.id, c.code, c.name, c.status, c.grade, c.phone, c.archive_level, c.updated_at';
const EXPORT_FIELDS = 'id, code, name, kind, type, status, grade, industry, region, province, city, phone, credit_rating, annual_revenue, updated_at';

async function list(q) {
  const owner = q.get('owner');
  const levels = q.get('levels')?.split(',') ?? ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'CLASSIFIED'];
  const [rows] = await pool.query(
    `SELECT ${LIST_FIELDS}, ct.name AS contact_name, ct.mobile AS contact_mobile,
        (SELECT MAX(a.occurred_at) FROM activity a WHERE a.customer_id = c.id AND a.deleted_at IS NULL) AS last_activity_at,
        (SELECT COALESCE(SUM(o.amount - o.received_amount), 0) FROM sales_order o
          WHERE o.customer_id = c.id AND o.deleted_at IS NULL AND o.status IN (${OPEN})) AS open_order_amount
       FROM customer c
       LEFT JOIN contact ct ON ct.id = (SELECT p.id FROM contact p WHERE p.customer_id = c.id AND p.deleted_at IS NULL ORDER BY p.is_primary DESC, p.id LIMIT 1)
      WHERE c.deleted_at IS NULL AND (c.owner_id = ? OR c.second_manager_id = ?) AND c.archive_level IN (?)
      ORDER BY c.updated_at DESC, c.id DESC LIMIT 50`, [owner, owner, levels]);
  const [[{ n }]] = await pool.query(
    'SELECT COUNT(*) AS n FROM customer c WHERE c.deleted_at IS NULL AND (c.owner_id = ? OR c.second_manager_id = ?) AND c.archive_level IN (?)',
    [owner, owner, levels]);
  return { totalCount: Number(n), customers: rows };
}

async function detail(q) {
  const id = q.get('id');
  const [[customer]] = await pool.query('SELECT * FROM customer WHERE id = ? AND deleted_at IS NULL', [id]);
  const [contacts] = await pool.query('SELECT * FROM contact WHERE customer_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 20', [id]);
  const [activities] = await pool.query(
    'SELECT * FROM activity WHERE customer_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT 20', [id]);
  const [orders] = await pool.query(
    'SELECT * FROM sales_order WHERE customer_id = ? AND deleted_at IS NULL ORDER BY order_date DESC, id DESC LIMIT 20', [id]);
  const lines = orders.length
    ? (await pool.query('SELECT * FROM sales_order_line WHERE order_id IN (?) ORDER BY order_id, line_no', [orders.map((o) => o.id)]))[0] : [];
  const byOrder = new Map();
  for (const l of lines) byOrder.set(String(l.order_id), [...(byOrder.get(String(l.order_id)) ?? []), l]);
  return { ...customer, contacts, activities, orders: orders.map((o) => ({ ...o, lines: byOrder.get(String(o.id)) ?? [] })) };
}

async function exportPage(q) {
  const after = q.get('after') ?? '0';
  const first = Math.min(5000, Number(q.get('first') ?? 1000));
  const [rows] = await pool.query(`SELECT ${EXPORT_FIELDS} FROM customer WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, [after, first]);
  return { rows, endCursor: rows.length ? String(rows[rows.length - 1].id) : null, hasNextPage: rows.length === first };
}

const ROUTES = { '/list': list, '/detail': detail, '/export': exportPage };

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline');
  const route = ROUTES[url.pathname];
  if (!route) {
    res.writeHead(req.url === '/healthz' ? 200 : 404).end('{}');
    return;
  }
  try {
    const body = JSON.stringify(await route(url.searchParams));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`baseline listening on ${server.address().port}`);
});
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
