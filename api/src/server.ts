import { randomUUID } from 'node:crypto';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@custodian/schema';
import { auditPlugin } from './audit/audit.plugin';
import { AuditWriter } from './audit/writer';
import { authenticate } from './auth/authenticate';
import { denialsPlugin } from './auth/denials.plugin';
import { AccessRecord } from './auth/field-guard';
import { loadActiveGrants } from './auth/grants';
import { FieldLevels } from './auth/levels';
import { bearerOf } from './auth/tokens';
import { Clock, systemClock } from './clock';
import { Config, loadConfig } from './config';
import { Context, Loaders } from './context';
import { createDataSource } from './db/data-source';
import { ReadRouting } from './db/read-routing';
import { retryingTransactions } from './db/retry';
import { requestStore } from './db/sql-counter';
import { clientRequestId } from './http/request-id';
import { bodyErrorHandler, refusePersistedQueries } from './http/body-errors';
import { closeDataSource, withinDeadline } from './db/close';
import { DbCounterStore } from './limits/counter-store';
import { createLimits } from './limits/limits.plugin';
import { AppError, formatError } from './errors';
import { logger } from './logger';
import { operationPlugin } from './operation.plugin';
import { appSchema } from './schema';

export interface ServerOptions {
  config?: Partial<Config>;
  dataSource?: DataSource;
  clock?: Clock;
}

export interface Server {
  app: express.Express;
  audit: AuditWriter;
  apollo: ApolloServer<Context>;
  ds: DataSource;
  /** DATABASE_READ_URL: the replica API tokens' queries read from. */
  reads: ReadRouting;
  config: Config;
  clock: Clock;
  /** Stops Apollo, the rate-count exchange and the database pool within `timeoutMs` (stuck connections are destroyed). */
  close(timeoutMs?: number): Promise<void>;
}

const errorBody = (code: ErrorCode, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** Reports the SQL statement count of each request (SQL_STATEMENTS_HEADER=true: tests and the benchmark). */
const sqlCountPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const store = requestStore.getStore();
        if (store) response.http.headers.set('x-sql-statements', String(store.statements));
      },
    };
  },
};

/** Express `trust proxy` from TRUST_PROXY: `false`/`none` trusts no peer, anything else is a list of peers. */
function trustProxy(value: string): string | false {
  return ['false', 'none', ''].includes(value.trim().toLowerCase()) ? false : value;
}

/** Builds the HTTP app (GraphQL at /graphql, /healthz) without listening; main.ts and tests share it. */
export async function buildServer(options: ServerOptions = {}): Promise<Server> {
  const config = loadConfig(options.config);
  const clock = options.clock ?? systemClock;
  const ds = options.dataSource ?? createDataSource(config.databaseUrl);
  if (config.auditKeyNotice) logger.warn(config.auditKeyNotice);
  // Services see a DataSource whose transactions are retried on deadlocks and lock-wait timeouts.
  const serviceDs = retryingTransactions(ds);
  const levels = new FieldLevels();
  const audit = new AuditWriter(ds);
  const reads = new ReadRouting(ds, config.databaseReadUrl);
  const limits = createLimits(config.limits, new DbCounterStore(ds));
  const apollo = new ApolloServer<Context>({
    schema: await appSchema(),
    formatError: (formatted, error) => formatError(formatted, error, requestStore.getStore()?.requestId),
    includeStacktraceInErrorResponses: false,
    // main.ts stops the server itself (requests in flight first, then the database).
    stopOnTerminationSignals: false,
    // Introspection is decided per request by the operation plugin (GRAPHQL_INTROSPECTION).
    introspection: true,
    // No automatic persisted queries: the clients send their documents; a persistedQuery extension is refused with 400.
    persistedQueries: false,
    // No HTTP caching of GraphQL responses here; the cache-control plugin would only add a hook per resolved field.
    plugins: [operationPlugin(config), limits.plugin, denialsPlugin, auditPlugin, reads.plugin,
      ...(config.sqlStatementsHeader ? [sqlCountPlugin] : []), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers POSTs: an ETag (a SHA-1 of every response body) would never be used.
  app.disable('etag');
  // X-Forwarded-For is believed only from these peers (TRUST_PROXY, default loopback: the web app).
  app.set('trust proxy', trustProxy(config.trustProxy));

  app.get('/healthz', async (_req, res) => {
    try {
      if (!ds.isInitialized) throw new Error('not connected');
      await ds.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', message: 'The database is not reachable; check DATABASE_URL and that the server is running' });
    }
  });

  app.use('/graphql', (req, res, next) => {
    // The request id is the server's own; what the client sent is kept apart (audit: client_request_id).
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    requestStore.run({ requestId, statements: 0 }, next);
  });
  app.use('/graphql', limits.ipLimit);
  app.use('/graphql', express.json({ limit: '2mb' }));
  app.use('/graphql', refusePersistedQueries);
  app.use('/graphql', expressMiddleware(apollo, {
    context: async ({ req, res }): Promise<Context> => {
      // Fires once the exchange is over (answered, failed, or the client went away): a request
      // transaction still open then is rolled back.
      const ended = new AbortController();
      res.once('close', () => ended.abort());
      if (!ds.isInitialized) throw new AppError(ErrorCode.INTERNAL, 'The database is not reachable yet; try again shortly', { http: { status: 503 } });
      const bearer = bearerOf(req.headers.authorization);
      const auth = await authenticate(ds, config, clock, bearer);
      if (auth.policyVersion >= 0) await levels.sync(ds, auth.policyVersion);
      const grants = auth.actor?.hasGrants ? await loadActiveGrants(ds, auth.actor, clock.now()) : [];
      return {
        requestId: requestStore.getStore()?.requestId ?? randomUUID(),
        clientRequestId: clientRequestId(req.headers['x-request-id']),
        ended: ended.signal,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        actor: auth.actor,
        authError: auth.error,
        authzMode: String(req.headers['x-authz-mode'] ?? '').toLowerCase() === 'reject' ? 'reject' : 'null',
        ds: serviceDs, config, clock, bearer,
        loaders: new Loaders(),
        levels,
        grants,
        access: new AccessRecord(),
        audit,
        operation: null,
      };
    },
  }));

  app.use(bodyErrorHandler);
  app.use((err: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    logger.error({ err }, 'unhandled HTTP error');
    return res.status(500).json(errorBody(ErrorCode.INTERNAL, 'Internal error'));
  });
  app.use((_req, res) => res.status(404).json(errorBody(ErrorCode.NOT_FOUND, 'No such endpoint: use POST /graphql')));

  return {
    app, apollo, ds, reads, config, clock, audit,
    async close(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      // Each step gets what is left of the time: a pool with a stuck or leaked connection must not hold the stop.
      await withinDeadline(apollo.stop(), deadline, 'apollo');
      await withinDeadline(limits.stop(), deadline, 'rate counts');
      await withinDeadline(reads.close(), deadline, 'read replica');
      await closeDataSource(ds, deadline);
    },
  };
}

/** Connects the data source, retrying until the database answers (the API serves /healthz meanwhile). */
export async function connectWithRetry(ds: DataSource, where: string, delayMs = 2000): Promise<void> {
  for (;;) {
    try {
      await ds.initialize();
      return;
    } catch (err) {
      logger.error({ code: (err as { code?: string }).code }, `cannot reach the database at ${where}; retrying in ${delayMs / 1000}s`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
