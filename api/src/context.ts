import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Actor } from './auth/actor';
import { AuditWriter } from './audit/writer';
import { AccessRecord } from './auth/field-guard';
import { FieldLevels } from './auth/levels';
import { ActiveGrant } from './auth/policy';
import { Clock } from './clock';
import { Config } from './config';
import { RequestTransaction } from './db/request-transaction';

/** Everything one GraphQL request carries. Loaders are per request: they never leak rows across actors. */
export interface Context {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The signed-in user or API token; null when no valid credentials were sent. */
  actor: Actor | null;
  /** Why credentials were refused (expired, revoked, idle), to tell the client. */
  authError: string | null;
  /** `reject`: refuse the whole operation when any field is denied (header x-authz-mode). */
  authzMode: 'null' | 'reject';
  ds: DataSource;
  config: Config;
  clock: Clock;
  loaders: Loaders;
  /** Raw bearer secret of this request's session, for logout. */
  bearer: string | null;
  /** Effective field levels (catalogue + overrides), shared by the process. */
  levels: FieldLevels;
  /** The actor's active access grants (借阅), consulted on every read. */
  grants: ActiveGrant[];
  /** What the field guard allowed (sensitive reads, for the audit log) and denied. */
  access: AccessRecord;
  /** The audit chain writer (shared by the process). */
  audit: AuditWriter;
  /** GraphQL operation name (or the first root field), for the audit trail. */
  operation: string | null;
  /** Set when the whole request runs in one transaction (a mutation in reject mode). */
  requestTx?: RequestTransaction;
}

/** Lazily created per-request DataLoaders, keyed by name (and by arguments for paged loaders). */
export class Loaders {
  private readonly map = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.map.get(key);
    if (!loader) {
      loader = create() as unknown as DataLoader<unknown, unknown>;
      this.map.set(key, loader);
    }
    return loader as unknown as DataLoader<K, V>;
  }
}

/** The actor of a request that passed the operation gate (never null inside resolvers that need one). */
export function actorOf(ctx: Context): Actor {
  if (!ctx.actor) throw new Error('actorOf called on an unauthenticated request');
  return ctx.actor;
}
