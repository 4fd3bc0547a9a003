import { DataSource, EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/** Multi-row INSERT with placeholders, in chunks; portable across MySQL, MariaDB, TiDB and SQLite. */
export async function insertRows(db: DataSource | EntityManager, table: string, rows: Row[], chunk = 500): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const tuple = `(${cols.map(() => '?').join(',')})`;
    const sql = `INSERT INTO ${table} (${cols.join(',')}) VALUES ${part.map(() => tuple).join(',')}`;
    await db.query(sql, part.flatMap((r) => cols.map((c) => r[c] ?? null)));
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so demo and generated data are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}
