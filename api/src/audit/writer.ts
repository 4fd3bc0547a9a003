import { DataSource, EntityManager } from 'typeorm';
import { ErrorCode } from '@custodian/schema';
import { isTransientConflict } from '../db/sql-errors';
import { AppError } from '../errors';
import { logger } from '../logger';
import { isLockConflict } from '../db/driver-errors';
import { AuditEventInput, canonicalEvent, CHAIN_COLUMNS, chainHash, targetRows, toStored } from './event';

/**
 * How often a group-committed append is tried again after losing the chain head to another
 * transaction. On a Galera cluster appends from two nodes certify against each other and one of them
 * is rolled back (docs/deploy.md): it re-reads the head and chains after the winner.
 */
const CONFLICT_ATTEMPTS = 20;
/** Random backoff before attempt n, growing to at most 100 ms: the racers drift apart. */
const backoffMs = (n: number) => Math.random() * Math.min(100, 2 ** n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pending {
  events: AuditEventInput[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Appends events to the hash chain. The head row (audit_head) is locked by every append, so all
 * requests of all API processes extend one gapless chain. Events that belong to a business write
 * are appended inside that write's transaction; the rest are group-committed: whatever arrives
 * while one append is in flight goes into the next one, so auditing costs one round trip per batch.
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly ds: DataSource) {}

  /** Appends inside the caller's transaction: the events commit (or roll back) with the write. */
  async appendInTx(tx: EntityManager, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.chain(tx, events);
    } catch (err) {
      // A lost race on the head is not an outage: the whole transaction may run again (db/retry.ts, docs/deploy.md).
      if (isTransientConflict(err) || isLockConflict(err)) throw err;
      logger.error({ err }, 'audit append failed');
      // The caller's transaction rolls back: no change without its event.
      throw new AppError(ErrorCode.AUDIT_UNAVAILABLE, 'The audit log cannot be written right now; nothing was changed');
    }
  }

  private async chain(tx: EntityManager, events: AuditEventInput[]): Promise<void> {
    const [head]: Array<{ seq: string | number; hash: string }> = await tx.query('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
    if (!head) throw new Error('audit_head is missing: run the migrations');
    let seq = Number(head.seq);
    let prev = head.hash;
    const rows: unknown[][] = [];
    const targets: unknown[][] = [];
    for (const e of events) {
      seq += 1;
      const own = targetRows(e);
      const stored = toStored(seq, e, own);
      const hash = chainHash(prev, canonicalEvent(stored));
      rows.push([...CHAIN_COLUMNS.map((c) => stored[c]), prev, hash]);
      for (const t of own) targets.push([seq, ...t]);
      prev = hash;
    }
    // The head moves first, so a replica (a Galera applier) replaying this transaction takes the head's
    // lock before the events' like this one did: local appends wait for it instead of deadlocking.
    await tx.query('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1', [seq, prev]);
    const cols = [...CHAIN_COLUMNS, 'prev_hash', 'hash'];
    const tuple = `(${cols.map(() => '?').join(',')})`;
    for (let i = 0; i < rows.length; i += 200) {
      const part = rows.slice(i, i + 200);
      await tx.query(`INSERT INTO audit_event (${cols.join(',')}) VALUES ${part.map(() => tuple).join(',')}`, part.flat());
    }
    for (let i = 0; i < targets.length; i += 500) {
      const part = targets.slice(i, i + 500);
      await tx.query(`INSERT INTO audit_target (seq, entity_type, entity_id, fields) VALUES ${part.map(() => '(?,?,?,?)').join(',')}`, part.flat());
    }
  }

  /** Appends outside a business transaction; resolves once the events are durable. */
  append(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** One transaction appending `events`, run again (with jitter) when it lost the chain head to another. */
  private async commit(events: AuditEventInput[]): Promise<void> {
    const retried = (attempt: number, failed: boolean) => {
      if (attempt > 1) logger.info({ retries: attempt - 1, events: events.length, failed }, 'audit append retried after a conflict');
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ds.transaction((tx) => this.appendInTx(tx, events));
        retried(attempt, false);
        return;
      } catch (err) {
        if (!isTransientConflict(err) || attempt >= CONFLICT_ATTEMPTS) {
          retried(attempt, true);
          throw err;
        }
        await sleep(backoffMs(attempt));
      }
    }
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.queue.length);
      try {
        await this.commit(batch.flatMap((b) => b.events));
        for (const b of batch) b.resolve();
      } catch (err) {
        logger.error({ err }, 'audit append failed');
        if (batch.length === 1) {
          batch[0].reject(err);
          continue;
        }
        // One request's bad event must not cost the others their record: append each on its own.
        for (const b of batch) {
          try {
            await this.commit(b.events);
            b.resolve();
          } catch (e) {
            b.reject(e);
          }
        }
      }
    }
    this.flushing = false;
  }
}
