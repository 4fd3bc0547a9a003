import { buildServer, connectWithRetry } from './server';
import { logger } from './logger';

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
  const stop = async () => {
    http.close();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  logger.fatal({ err }, 'the API could not start');
  process.exit(1);
});
