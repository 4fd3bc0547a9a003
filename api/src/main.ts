import { buildServer, connectWithRetry } from './server';
import { logger } from './logger';
import { recordExpiredGrants } from './modules/access/access.service';

/** The whole graceful stop, and the part of it that in-flight HTTP requests may take. */
const STOP_MS = 10_000;
const HTTP_DRAIN_MS = 7_000;

async function main(): Promise<void> {
  const server = await buildServer();
  const { apiPort, apiHost, databaseUrl } = server.config;
  const http = server.app.listen(apiPort, apiHost, () => logger.info(`Custodian API at http://${apiHost}:${apiPort}/graphql`));
  http.on('error', (err: NodeJS.ErrnoException) => {
    logger.error(err.code === 'EADDRINUSE' ? `port ${apiPort} is already in use (set API_PORT)` : err.message);
    process.exit(1);
  });
  await connectWithRetry(server.ds, databaseUrl.replace(/\/\/[^@]*@/, '//***@'));
  logger.info('database connected');
  // Expiry itself needs no job (every read checks expires_at); this only records GRANT_EXPIRE events.
  const expiry = setInterval(() => {
    recordExpiredGrants(server).catch((err) => logger.warn({ err }, 'could not record grant expiries'));
  }, 60_000);
  expiry.unref();
  // Graceful stop, at most STOP_MS: no new connections, requests in flight finish (their READ events
  // are written and their writes commit), then the database closes. HTTP connections still busy
  // after HTTP_DRAIN_MS are cut; database connections that do not close in the time left (a
  // statement stuck in a lock wait, a transaction nobody finishes) are destroyed.
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      const deadline = Date.now() + STOP_MS;
      // Whatever happens below, the process is gone by the deadline.
      setTimeout(() => { logger.error('graceful stop overran; exiting'); process.exit(1); }, STOP_MS + 500).unref();
      clearInterval(expiry);
      const drained = new Promise<void>((resolve) => http.close(() => resolve()));
      // Keep-alive connections go as soon as their last answer is out.
      const idle = setInterval(() => http.closeIdleConnections(), 50);
      const cut = setTimeout(() => http.closeAllConnections(), HTTP_DRAIN_MS);
      cut.unref();
      await drained;
      clearInterval(idle);
      clearTimeout(cut);
      await server.close(Math.max(500, deadline - Date.now()));
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: Error) => {
  logger.fatal({ err }, `the API could not start: ${err.message}`);
  process.exit(1);
});
