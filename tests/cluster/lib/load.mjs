// The load of the cluster suites: sessions reading sensitive values (each answer carries a READ
// event) and writing (versioned customer updates, new activities), spread over the API processes
// request by request (client-side round robin). Every acknowledged answer is recorded so that the
// suites can look for it on every node afterwards.
import { gql } from './api.mjs';

export const READ_CONFIDENTIAL = 'query($id: ID!) { customer(id: $id) { id annualRevenue taxId } }';
export const READ_CLASSIFIED = 'query($id: ID!) { customer(id: $id) { id bankAccount } }';
const UPDATE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version notes } }';
const CREATE_ACTIVITY = 'mutation($input: CreateActivityInput!) { createActivity(input: $input) { id subject } }';
const VERSION = 'query($id: ID!) { customer(id: $id) { version } }';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Load {
  /**
   * @param {import('./api.mjs').ApiProcess[]} apis
   * @param {{ token: string, query: string, ids: string[] }[]} readers
   * @param {{ token: string, customer: { id: string, version: number } }[]} writers
   */
  constructor(apis, readers, writers = [], label = 'load') {
    this.apis = apis;
    this.readers = readers;
    this.writers = writers;
    this.label = label;
    this.next = 0;
    this.reads = [];
    this.updates = [];
    this.creates = [];
    /** `read|write:code` (code NO_ANSWER when none came) → count, per API name */
    this.failures = {};
    /** [api index, started at, ok, read|write] of every request, for recovery times */
    this.timeline = [];
    this.stopped = false;
    /** Requests that got no answer: how long they waited and why. */
    this.noAnswers = [];
  }

  pick() {
    const i = this.next++ % this.apis.length;
    return i;
  }

  fail(i, kind, code) {
    const name = this.apis[i].name;
    const key = `${kind}:${code}`;
    this.failures[name] ??= {};
    this.failures[name][key] = (this.failures[name][key] ?? 0) + 1;
  }

  /** One request; returns the answer or null when none came (the process or its node failed under it). */
  async send(kind, token, query, variables) {
    const i = this.pick();
    const t = Date.now();
    try {
      const r = await gql(this.apis[i].url, token, query, variables, 10_000);
      const code = r.errors?.[0]?.extensions?.code;
      this.timeline.push([i, t, !code, kind]);
      if (code) this.fail(i, kind, code);
      return { i, t, r, code };
    } catch (err) {
      this.timeline.push([i, t, false, kind]);
      this.fail(i, kind, 'NO_ANSWER');
      this.noAnswers.push({ api: this.apis[i].name, afterMs: Date.now() - t, at: t, error: String(err.cause?.code ?? err.name) });
      await sleep(50);
      return { i, t, r: null, code: 'NO_ANSWER' };
    }
  }

  async reader(k) {
    const { token, query, ids } = this.readers[k];
    for (let n = k; !this.stopped; n++) {
      const { i, t, r, code } = await this.send('read', token, query, { id: ids[n % ids.length] });
      if (r && !code && r.data?.customer) this.reads.push({ requestId: r.requestId, api: i, t });
    }
  }

  async writer(k) {
    const w = this.writers[k];
    const { id } = w.customer;
    let version = w.customer.version;
    for (let n = 0; !this.stopped; n++) {
      if (n % 2 === 0) {
        const notes = `${this.label}-w${k}-${n}`;
        const { r, code } = await this.send('write', w.token, UPDATE, { input: { id, version, notes } });
        if (r && !code) {
          version = r.data.updateCustomer.version;
          this.updates.push({ id, version, notes });
        } else {
          // Stale (CONFLICT) or an unknown outcome: learn the committed version and go on.
          const v = await this.send('read', w.token, VERSION, { id });
          if (v.r?.data?.customer) version = v.r.data.customer.version;
        }
      } else {
        const subject = `${this.label}-a${k}-${n}`;
        const { r, code } = await this.send('write', w.token, CREATE_ACTIVITY, {
          input: { customerId: id, type: 'CALL', subject, occurredAt: new Date().toISOString() },
        });
        if (r && !code) this.creates.push({ id: r.data.createActivity.id, subject });
      }
    }
  }

  /** Runs every session for `ms`; `during(t0)` runs alongside (e.g. kills a node). */
  async run(ms, during = async () => {}) {
    const t0 = Date.now();
    this.startedAt = t0;
    const sessions = [
      ...this.readers.map((_, k) => this.reader(k)),
      ...this.writers.map((_, k) => this.writer(k)),
    ];
    const side = during(t0);
    await sleep(ms);
    this.stopped = true;
    await Promise.all([...sessions, side]);
    this.seconds = (Date.now() - t0) / 1000;
    return this;
  }

  /** Requests and failures, per API and in all. */
  summary() {
    const count = (kind) => Object.values(this.failures)
      .reduce((n, f) => n + Object.entries(f).filter(([k]) => k.startsWith(kind)).reduce((a, [, b]) => a + b, 0), 0);
    const failed = count('');
    return {
      seconds: Math.round(this.seconds * 10) / 10, requests: this.timeline.length, failed,
      readsFailed: count('read:'), writesFailed: count('write:'),
      readsAcknowledged: this.reads.length, readsPerSecond: Math.round(this.reads.length / this.seconds),
      updatesAcknowledged: this.updates.length, createsAcknowledged: this.creates.length, failures: this.failures,
      noAnswers: this.noAnswers.slice(0, 5),
    };
  }
}
