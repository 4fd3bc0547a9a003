import {
  buildClientSchema, getIntrospectionQuery, getNamedType, GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLOutputType, GraphQLSchema,
  isEnumType, isInputObjectType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType,
} from 'graphql';
import { Pool } from 'mysql2/promise';
import { appSchema, createDataSource, stringInputs } from '@custodian/api';
import { startApi, TestApi } from '../support/api';
import { ownDatabase } from '../support/own-db';

/**
 * Fuzzing every operation of the schema (found by introspection) with malformed ids, strings at
 * and over their limits, wrong types, random input objects and lists, under several actors, plus
 * malformed bodies and headers: zero HTTP 500, zero INTERNAL, zero stack traces. Bounded and seeded
 * (FUZZ_SEED, FUZZ_CASES), loopback only, against its own database (`<test db>_fuzz`), since the
 * mutations it sends may succeed.
 */

const SEED = Number(process.env.FUZZ_SEED || 20261124);
const CASES = Number(process.env.FUZZ_CASES || 1200);
const PARALLEL = 6;


/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof generator>;

const BAD_IDS = ['1abc', '1 OR 1=1', '', ' 1', '-1', '0', '01', '1e3', '99999999999999999999', '9223372036854775808', 'null', '%', "1'--", '１'];
const GOOD_IDS = ['1', '2', '3', '7', '42', '999999'];
const ODD_STRINGS = ['', ' ', '\u0000', '\ud800', '=HYPERLINK("x")', "'; DROP TABLE customer; --", '%_', '\\', '😀'.repeat(40), '<script>x</script>', '${x}', '\r\n'];
const STACK = /\bat [\w$.<>[\] ]+ \(?[^\s()]+:\d+:\d+\)?|node_modules\/|\/dist\/[\w/-]+\.js/;

interface Limits { [coordinate: string]: number }

/** A value for an input type: sometimes valid, often not. */
function valueFor(rng: Rng, type: GraphQLInputType, coordinate: string, limits: Limits, depth: number): unknown {
  if (isNonNullType(type)) return rng.chance(0.04) ? null : valueFor(rng, type.ofType, coordinate, limits, depth);
  if (rng.chance(0.08)) return null;
  if (isListType(type)) {
    if (rng.chance(0.1)) return valueFor(rng, type.ofType, coordinate, limits, depth); // a single value for a list
    return Array.from({ length: rng.pick([0, 1, 2, 5, 60]) }, () => valueFor(rng, type.ofType, coordinate, limits, depth + 1));
  }
  if (rng.chance(0.05)) return rng.pick([{}, [], true, 3.5, 'text', -1]); // a wrong type
  if (isEnumType(type)) return rng.chance(0.8) ? rng.pick(type.getValues()).value : rng.pick(['NOPE', '', 'all', 1]);
  if (isInputObjectType(type)) {
    if (depth > 3) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) || rng.chance(0.5)) out[f.name] = valueFor(rng, f.type, `${type.name}.${f.name}`, limits, depth + 1);
    }
    if (rng.chance(0.05)) out.notAField = 'x';
    return out;
  }
  if (!isScalarType(type)) return null;
  switch (type.name) {
    case 'ID': return rng.chance(0.6) ? rng.pick(BAD_IDS) : rng.pick(GOOD_IDS);
    case 'Int': return rng.pick([0, 1, -1, 20, 500, 5001, 2 ** 31, -(2 ** 31) - 1, 1.5, '12', Number.MAX_SAFE_INTEGER]);
    case 'Float': return rng.pick([0, -1, 1e308, 0.1, '1']);
    case 'Boolean': return rng.pick([true, false, 'true', 0]);
    case 'Decimal': return rng.pick(['0', '1234.50', '-1', '1e5', '99999999999999999.99', 'abc', '0.001', 12.5, '']);
    case 'Date': return rng.pick(['2026-11-24', '2026-02-30', '24/11/2026', '', '9999-12-31', 0]);
    case 'DateTimeISO': return rng.pick(['2026-11-24T08:00:00.000Z', 'yesterday', '2026-13-01T00:00:00Z', 1e15]);
    case 'JSON': return rng.pick([{}, [], 'x', 1]);
    default: {
      const max = limits[coordinate] ?? 64;
      return rng.pick([
        'x'.repeat(max), 'x'.repeat(max + 1), '长'.repeat(max + 1), 'y'.repeat(70_000), rng.pick(ODD_STRINGS),
        `fuzz-${rng.int(1e6)}`, 'Customer.bankAccount', 'bankAccount', 'CREDIT_ASSESSMENT', 'C000001',
      ]);
    }
  }
}

/** A small selection for an output type (scalars and a level of objects), with sensitive fields too. */
function selectionFor(rng: Rng, type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type) as GraphQLNamedType;
  if (isLeafType(named)) return '';
  if (isUnionType(named)) return '{ __typename }';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()) as Array<GraphQLField<unknown, unknown>>;
  const chosen = fields.filter((f) => !f.args.some((a) => isNonNullType(a.type)) && (isLeafType(getNamedType(f.type)) ? rng.chance(0.5) : depth < 2 && rng.chance(0.25)));
  const parts = chosen.slice(0, 12).map((f) => {
    const inner = selectionFor(rng, f.type, depth + 1);
    return isLeafType(getNamedType(f.type)) ? f.name : inner ? `${f.name} ${inner}` : '';
  }).filter(Boolean);
  return `{ __typename ${parts.join(' ')} }`;
}

function operationFor(rng: Rng, root: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, limits: Limits, parent: string) {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) || rng.chance(0.6));
  const variables: Record<string, unknown> = {};
  for (const a of args) variables[a.name] = valueFor(rng, a.type, `${parent}.${field.name}(${a.name})`, limits, 0);
  const defs = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const query = `${root} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${call} ${selectionFor(rng, field.type)} }`;
  return { query, variables };
}

describe('fuzz', () => {
  let api: TestApi;
  let schema: GraphQLSchema;
  let limits: Limits;
  let pool: Pool | undefined;
  const tokens: Record<string, string | null> = { anonymous: null };

  beforeAll(async () => {
    const own = await ownDatabase('fuzz');
    pool = own.pool;
    api = await startApi({ dataSource: createDataSource(own.url), config: { databaseUrl: own.url } });
    for (const user of ['am1', 'gm', 'admin', 'auditor', 'archivist']) tokens[user] = await api.token(user);
    const introspected = await api.gql(tokens.gm, getIntrospectionQuery());
    schema = buildClientSchema(introspected.data as never);
    limits = Object.fromEntries(stringInputs(await appSchema()).map((i) => [i.coordinate, i.max ?? 64]));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await pool?.end();
  });

  const problems: string[] = [];
  /** Answers that got as far as execution (data, possibly null), not only refused while parsing or coercing. */
  let executed = 0;
  const check = (what: string, status: number, text: string) => {
    let body: { errors?: Array<{ message?: string; path?: unknown; extensions?: { code?: string } }> } | null = null;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    if (body && 'data' in body) executed += 1;
    if (status >= 500) problems.push(`${what}: HTTP ${status} ${text.slice(0, 300)}`);
    const internal = body?.errors?.find((e) => e.extensions?.code === 'INTERNAL');
    if (internal) problems.push(`${what}: INTERNAL ${JSON.stringify(internal).slice(0, 300)}`);
    if (!body) problems.push(`${what}: not JSON (${status}) ${text.slice(0, 200)}`);
    if (STACK.test(text)) problems.push(`${what}: a stack trace ${text.slice(0, 300)}`);
  };

  beforeEach(() => { problems.length = 0; });

  it(`every operation with malformed arguments (${CASES} cases, seed ${SEED}): no 500, no INTERNAL, no stack`, async () => {
    const rng = generator(SEED);
    const roots = [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const;
    const operations = roots.flatMap(([kind, type]) => Object.values(type.getFields())
      .filter((f) => f.name !== 'logout')
      .map((f) => ({ kind, field: f, parent: type.name })));
    expect(operations.length).toBeGreaterThan(60);
    const actors = Object.keys(tokens);
    let sent = 0;
    const one = async (k: number) => {
      const op = k < operations.length ? operations[k] : rng.pick(operations);
      const actor = rng.pick(actors);
      const { query, variables } = operationFor(rng, op.kind, op.field, limits, op.parent);
      const headers: Record<string, string> = rng.chance(0.2) ? { 'x-authz-mode': 'reject' } : {};
      const res = await api.raw(JSON.stringify({ query, variables }), { ...(tokens[actor] ? { authorization: `Bearer ${tokens[actor]}` } : {}), ...headers });
      sent += 1;
      check(`${actor} ${op.field.name} ${JSON.stringify(variables).slice(0, 200)}`, res.status, await res.text());
    };
    for (let k = 0; k < CASES; k += PARALLEL) {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, CASES - k) }, (_, i) => one(k + i)));
      // A fuzzed mutation may have ended a session (resetPassword, role changes): sign in again.
      if (k % 120 === 0) {
        for (const user of actors.filter((a) => a !== 'anonymous')) {
          const me = await api.gql(tokens[user], '{ me { id } }');
          if (me.errors?.length) tokens[user] = await api.token(user).catch(() => null);
        }
      }
    }
    expect(sent).toBe(CASES);
    expect(problems).toEqual([]);
    // Not only validation: a good share of the cases ran resolvers.
    expect(executed).toBeGreaterThan(CASES / 5);
  }, 300_000);

  it('malformed bodies and headers: no 500, no INTERNAL, no stack', async () => {
    const rng = generator(SEED + 1);
    const bodies = [
      '', 'null', '[]', '[{"query":"{ me { id } }"}]', '"text"', '{"query": 5}', '{"query": "{ me { id } }", "variables": "x"}',
      '{"query": "{ me { id } }", "variables": [1]}', '{"query": "{ me { id } }", "operationName": 5}', '{"query": "{ me { id } }", "extensions": 1}',
      '{"query": "query A { me { id } } query A { me { id } }"}', `{"query": "{ ${'me { id } '.repeat(3000)}}"}`, '{"query": "{ me { id } ', '{"query": "\\u0000"}',
      `{"query": "${'{'.repeat(5000)}"}`, '{"query": "{ __schema { types { name } } }"}', '{"query": "subscription { me { id } }"}',
      '{"query": "{ me { id } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}', '{"query": "mutation { logout logout }"}',
      Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256)).toString('latin1'),
    ];
    const headerSets: Array<Record<string, string>> = [
      { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' }, { 'content-type': 'application/json', 'content-encoding': 'br' },
      { 'content-type': 'application/json', 'content-encoding': 'nope' }, { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/json', authorization: 'Bearer' }, { 'content-type': 'application/json', authorization: 'Basic YTpi' },
      { 'content-type': 'application/json', authorization: `Bearer ${'x'.repeat(4000)}` }, { 'content-type': 'application/json', authorization: 'Bearer cus_s_' },
      { 'content-type': 'application/json', 'x-authz-mode': 'REJECT' }, { 'content-type': 'application/json', 'x-forwarded-for': 'not-an-ip, ::1, 999.1.1.1' },
      { 'content-type': 'application/json', 'x-request-id': 'x'.repeat(1000) }, { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/graphql' }, { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    ];
    for (const body of bodies) {
      for (const headers of headerSets) {
        if (!rng.chance(0.5)) continue;
        for (const method of ['POST', rng.pick(['GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])]) {
          const url = method === 'GET' ? `${api.url}?query=${encodeURIComponent(rng.pick(['{ me { id } }', 'mutation { logout }', '{', '']))}` : api.url;
          const res = await fetch(url, { method, headers, body: method === 'GET' ? undefined : body }).catch(() => null);
          if (!res) continue;
          const text = await res.text();
          // OPTIONS and the 404 route answer without a GraphQL body; only check those for 5xx and stacks.
          if (method === 'OPTIONS' || res.status === 204) {
            if (res.status >= 500 || STACK.test(text)) problems.push(`${method} ${JSON.stringify(headers)}: ${res.status} ${text.slice(0, 200)}`);
          } else {
            check(`${method} ${JSON.stringify(headers)} ${body.slice(0, 60)}`, res.status, text);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
