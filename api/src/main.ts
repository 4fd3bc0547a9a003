import { buildServer, connectWithRetry } from './server';
import { logger } from './logger';
import { recordExpiredGrants } from './modules/access/access.service';

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
  // Graceful stop: no new connections, requests in flight finish (their READ events are written and
  // their writes commit), then the database closes. Connections still busy after 10 s are cut.
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(expiry);
      const drained = new Promise<void>((resolve) => http.close(() => resolve()));
      // Keep-alive connections go as soon as their last answer is out.
      const idle = setInterval(() => http.closeIdleConnections(), 50);
      const cut = setTimeout(() => http.closeAllConnections(), 10_000);
      cut.unref();
      await drained;
      clearInterval(idle);
      clearTimeout(cut);
      await server.close();
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  logger.fatal({ err }, 'the API could not start');
  process.exit(1);
});
