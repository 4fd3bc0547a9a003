// `npm run test:cluster`: the real-server suites (docs/deploy.md). Not part of `npm test`; .ci/run runs it.
//   node tests/cluster/run.mjs [galera] [replica]    (both by default)
import { printTable, runGalera, writeResults } from './galera.mjs';
import { runReplica } from './replica.mjs';
import { teardownAll } from './lib/servers.mjs';

const wanted = process.argv.slice(2);
const want = (name) => wanted.length === 0 || wanted.includes(name);
const t0 = Date.now();

try {
  const results = {};
  if (want('replica')) results.replica = await runReplica();
  if (want('galera')) Object.assign(results, await runGalera());
  results.totalSeconds = Math.round((Date.now() - t0) / 1000);
  if (want('galera')) {
    printTable(results);
    console.log(`[cluster] results in ${writeResults(results)}`);
  }
  console.log(`[cluster] passed in ${results.totalSeconds}s`);
  teardownAll();
  process.exit(0);
} catch (err) {
  console.error(`[cluster] FAILED after ${Math.round((Date.now() - t0) / 1000)}s:`, err);
  teardownAll();
  process.exit(1);
}
