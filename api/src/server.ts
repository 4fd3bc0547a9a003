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
import { requestStore } from './db/sql-counter';
import { DbCounterStore } from './limits/counter-store';
import { createLimits } from './limits/limits.plugin';
import { AppError, formatError } from './errors';
import { logger } from './logger';
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
  close(): Promise<void>;
}

const errorBody = (code: ErrorCode, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** Reports the SQL statement count of each request (used by tests and the benchmark). */
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

/** Builds the HTTP app (GraphQL at /graphql, /healthz) without listening; main.ts and tests share it. */
export async function buildServer(options: ServerOptions = {}): Promise<Server> {
  const config = loadConfig(options.config);
  const clock = options.clock ?? systemClock;
  const ds = options.dataSource ?? createDataSource(config.databaseUrl);
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
    introspection: true,
    // No HTTP caching of GraphQL responses here; the cache-control plugin would only add a hook per resolved field.
    plugins: [limits.plugin, denialsPlugin, auditPlugin, reads.plugin, sqlCountPlugin, ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers POSTs: an ETag (a SHA-1 of every response body) would never be used.
  app.disable('etag');
  app.set('trust proxy', 'loopback');

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
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    requestStore.run({ requestId, statements: 0 }, next);
  });
  app.use('/graphql', limits.ipLimit);
  app.use('/graphql', express.json({ limit: '2mb' }));
  app.use('/graphql', expressMiddleware(apollo, {
    context: async ({ req }): Promise<Context> => {
      if (!ds.isInitialized) throw new AppError(ErrorCode.INTERNAL, 'The database is not reachable yet; try again shortly', { http: { status: 503 } });
      const bearer = bearerOf(req.headers.authorization);
      const auth = await authenticate(ds, config, clock, bearer);
      if (auth.policyVersion >= 0) await levels.sync(ds, auth.policyVersion);
      const grants = auth.actor?.hasGrants ? await loadActiveGrants(ds, auth.actor, clock.now()) : [];
      return {
        requestId: requestStore.getStore()?.requestId ?? randomUUID(),
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        actor: auth.actor,
        authError: auth.error,
        authzMode: String(req.headers['x-authz-mode'] ?? '').toLowerCase() === 'reject' ? 'reject' : 'null',
        ds, config, clock, bearer,
        loaders: new Loaders(),
        levels,
        grants,
        access: new AccessRecord(),
        audit,
        operation: null,
      };
    },
  }));

  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.parse.failed') return res.status(400).json(errorBody(ErrorCode.BAD_USER_INPUT, 'Malformed JSON in the request body'));
    if (err.type === 'entity.too.large') return res.status(413).json(errorBody(ErrorCode.BAD_USER_INPUT, 'Request body is too large'));
    logger.error({ err }, 'unhandled HTTP error');
    return res.status(500).json(errorBody(ErrorCode.INTERNAL, 'Internal error'));
  });
  app.use((_req, res) => res.status(404).json(errorBody(ErrorCode.NOT_FOUND, 'No such endpoint: use POST /graphql')));

  return {
    app, apollo, ds, reads, config, clock, audit,
    async close() {
      await apollo.stop();
      await limits.stop();
      await reads.close();
      if (ds.isInitialized) await ds.destroy();
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
