import { DataSource } from 'typeorm';
import { CounterStore, WindowCount } from './rate-limiter';

/** The rate_counter table as the meeting point of every API process's request counts. */
export class DbCounterStore implements CounterStore {
  constructor(private readonly ds: DataSource) {}

  async exchange(deltas: WindowCount[], keys: string[], windowStarts: number[]): Promise<WindowCount[]> {
    if (!this.ds.isInitialized) throw new Error('database not connected');
    for (let i = 0; i < deltas.length; i += 500) {
      const part = deltas.slice(i, i + 500);
      await this.ds.query(
        `INSERT INTO rate_counter (k, window_start, n) VALUES ${part.map(() => '(?,?,?)').join(',')}
           ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
        part.flatMap((d) => [d.key, d.windowStart, d.n]),
      );
    }
    const out: WindowCount[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const rows: Array<{ k: string; window_start: string | number; n: string | number }> = await this.ds.query(
        `SELECT k, window_start, n FROM rate_counter WHERE k IN (${part.map(() => '?').join(',')}) AND window_start IN (${windowStarts.map(() => '?').join(',')})`,
        [...part, ...windowStarts],
      );
      for (const r of rows) out.push({ key: r.k, windowStart: Number(r.window_start), n: Number(r.n) });
    }
    return out;
  }

  async forget(before: number): Promise<void> {
    if (this.ds.isInitialized) await this.ds.query('DELETE FROM rate_counter WHERE window_start < ?', [before]);
  }
}
