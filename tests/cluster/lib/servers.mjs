// Local MariaDB servers for the cluster suites: plain, Galera nodes, binlog primary and replica.
// Each has its own data directory under one temporary directory, listens on 127.0.0.1 only and
// never touches the main server on 3306. Everything started here is killed and removed at exit,
// also on failure, SIGINT and SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';

export const MARIADBD = '/usr/sbin/mariadbd';
export const GALERA = '/usr/lib/galera/libgalera_smm.so';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = new Set();
const dirs = new Set();

/** Registers a child process to be killed at exit. */
export function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Kills every server still running and removes the temporary directories (synchronous: safe in 'exit'). */
export function teardownAll() {
  for (const c of children) {
    try { process.kill(c.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  children.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
process.on('exit', teardownAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n[cluster] ${sig}: tearing down`);
    teardownAll();
    process.exit(130);
  });
}

/** mariadbd refuses to run as root: then the servers run as `mysql` and own their directories. */
const asRoot = userInfo().uid === 0;
const serverUser = asRoot ? 'mysql' : null;

function chownTree(path) {
  if (!asRoot) return;
  const r = spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('running as root needs a `mysql` system user for mariadbd');
  const [uid, gid] = [Number(r.stdout), Number(g.stdout)];
  const walk = (p) => {
    chownSync(p, uid, gid);
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(p, e.name));
      else chownSync(join(p, e.name), uid, gid);
    }
  };
  walk(path);
}

/** A fresh temporary directory for one suite's servers (removed at exit). */
export function workDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `custodian-${label}-`));
  chmodSync(dir, 0o755);
  dirs.add(dir);
  return dir;
}

/** Fails early, with the port named, when something already listens where a server should. */
export async function assertFree(ports) {
  for (const port of ports) {
    await new Promise((resolve, reject) => {
      const s = createServer();
      s.once('error', () => reject(new Error(`port ${port} on 127.0.0.1 is in use: stop what listens there (or set CLUSTER_BASE_PORT)`)));
      s.listen(port, '127.0.0.1', () => s.close(resolve));
    });
  }
}

/** One mariadbd with its own my.cnf and data directory. */
export class Mariadb {
  /**
   * @param {string} name  node name (n1, primary…)
   * @param {string} root  the suite's work directory
   * @param {number} port  client port on 127.0.0.1
   * @param {Record<string, string|number|null>} settings  extra [mariadbd] settings (null: a bare flag)
   */
  constructor(name, root, port, settings = {}) {
    this.name = name;
    this.port = port;
    this.dir = join(root, name);
    this.datadir = join(this.dir, 'data');
    this.cnf = join(this.dir, 'my.cnf');
    this.errorLog = join(this.dir, 'error.log');
    this.settings = settings;
    this.child = null;
    mkdirSync(this.datadir, { recursive: true });
    chownTree(this.dir);
    this.writeConfig();
  }

  writeConfig(overrides = {}) {
    const all = {
      ...(serverUser ? { user: serverUser } : {}),
      datadir: this.datadir, socket: join(this.dir, 'mysqld.sock'), 'pid-file': join(this.dir, 'mysqld.pid'),
      'log-error': this.errorLog, port: this.port, 'bind-address': '127.0.0.1', 'skip-name-resolve': null,
      'innodb_buffer_pool_size': '256M', 'max_connections': 400, 'default_storage_engine': 'InnoDB',
      ...this.settings, ...overrides,
    };
    const lines = Object.entries(all).filter(([, v]) => v !== undefined).map(([k, v]) => (v === null ? k : `${k}=${v}`));
    writeFileSync(this.cnf, `[mariadbd]\n${lines.join('\n')}\n`);
  }

  get url() {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  /** The system tables (mariadb-install-db); a Galera joiner gets its data by state transfer instead. */
  install() {
    const r = spawnSync('mariadb-install-db', [`--defaults-file=${this.cnf}`, `--datadir=${this.datadir}`,
      '--auth-root-authentication-method=normal', '--skip-test-db', ...(serverUser ? [`--user=${serverUser}`] : [])], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mariadb-install-db for ${this.name} failed: ${r.stderr || r.stdout}`);
  }

  /** Starts mariadbd (not waiting for it): `args` e.g. ['--wsrep-new-cluster']. */
  start(args = []) {
    const child = track(spawn(MARIADBD, [`--defaults-file=${this.cnf}`, ...args], { stdio: 'ignore' }));
    this.child = child;
    this.startedAt = Date.now();
    return child;
  }

  get running() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** SIGKILL: the node dies as in a crash (no shutdown, no goodbye to the cluster). */
  async kill() {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** A clean shutdown (SIGTERM), waiting for the process to end. */
  async stop(timeoutMs = 60_000) {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  async connect(database) {
    return createConnection({ host: '127.0.0.1', port: this.port, user: 'root', database, supportBigNumbers: true, bigNumberStrings: true,
      timezone: 'Z', connectTimeout: 3000 });
  }

  /** Runs one statement on a fresh connection. */
  async query(sql, params = [], database) {
    const c = await this.connect(database);
    try {
      return (await c.query(sql, params))[0];
    } finally {
      await c.end();
    }
  }

  async status(name) {
    const rows = await this.query('SHOW GLOBAL STATUS LIKE ?', [name]);
    return rows[0]?.Value ?? null;
  }

  /** Waits until the server answers (and, for a Galera node, is Synced). */
  async ready({ galera = false, timeoutMs = 120_000 } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited (${this.child?.exitCode ?? this.child?.signalCode}):\n${this.tail()}`);
      try {
        if (!galera) { await this.query('SELECT 1'); return; }
        if ((await this.status('wsrep_local_state_comment')) === 'Synced') return;
      } catch { /* not up yet */ }
      if (Date.now() > until) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.tail()}`);
      await sleep(200);
    }
  }

  /**
   * After a crash: the last committed position from InnoDB (`--wsrep-recover`, as the packaged
   * service does before every start), so the node can ask for the missing writesets only (IST).
   */
  recoverPosition() {
    const logFile = join(this.dir, 'recover.log');
    const r = spawnSync(MARIADBD, [`--defaults-file=${this.cnf}`, '--wsrep-recover', `--log-error=${logFile}`], { encoding: 'utf8', timeout: 120_000 });
    const m = /Recovered position:\s+(\S+)/.exec(existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
    if (r.status !== 0 || !m) throw new Error(`wsrep recovery of ${this.name} failed: ${r.stderr}`);
    return m[1];
  }

  /** Keeps the error log (for CI artefacts): tests/cluster/logs/<suite>-<name>.log. */
  keepLog(suite) {
    if (!existsSync(this.errorLog)) return;
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'logs');
    mkdirSync(dir, { recursive: true });
    copyFileSync(this.errorLog, join(dir, `${suite}-${this.name}.log`));
  }

  tail(lines = 30) {
    if (!existsSync(this.errorLog)) return '(no error log)';
    return readFileSync(this.errorLog, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

/** A cluster's node settings: Galera 4 on 127.0.0.1, its own group, IST and SST ports per node. */
export function galeraSettings({ index, ports, clusterName }) {
  const g = ports.galera[index];
  return {
    binlog_format: 'ROW', innodb_autoinc_lock_mode: 2, wsrep_on: 'ON', wsrep_provider: GALERA, wsrep_cluster_name: clusterName,
    wsrep_cluster_address: `gcomm://${ports.galera.map((p) => `127.0.0.1:${p}`).join(',')}`,
    wsrep_node_address: `127.0.0.1:${g}`, wsrep_node_name: `n${index + 1}`,
    wsrep_sst_method: 'rsync', wsrep_sst_receive_address: `127.0.0.1:${ports.sst[index]}`,
    wsrep_provider_options: `"base_port=${g};ist.recv_addr=127.0.0.1:${ports.ist[index]};gcache.size=256M"`,
    // Causal reads: a read on one node sees every transaction committed anywhere before it began
    // (a grant revoked through one API is closed on every node at once). docs/deploy.md.
    wsrep_sync_wait: 1,
    wsrep_slave_threads: 2,
  };
}

/** Checks what the suites need on this machine; names the package to install otherwise. */
export function preflight() {
  const missing = [];
  if (!existsSync(MARIADBD)) missing.push('mariadb-server (/usr/sbin/mariadbd)');
  if (!existsSync(GALERA)) missing.push('galera-4 (/usr/lib/galera/libgalera_smm.so)');
  if (spawnSync('rsync', ['--version']).status !== 0) missing.push('rsync (Galera state transfer)');
  if (spawnSync('mariadb-install-db', ['--help']).error) missing.push('mariadb-server (mariadb-install-db)');
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} — apt-get install -y galera-4 rsync (.ci/run does)`);
}
