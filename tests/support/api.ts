import { AddressInfo } from 'node:net';
import { Server as HttpServer } from 'node:http';
import { buildServer, Server, ServerOptions } from '@custodian/api';
import { DEMO_PASSWORD, TEST_DATABASE_URL } from './db';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; [k: string]: any } }>;
}

export interface TestApi {
  server: Server;
  url: string;
  /** Signs a demo user in and returns the bearer token (cached per user). */
  token(username: string): Promise<string>;
  gql<T = Record<string, any>>(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  raw(body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the real API (real MariaDB, real HTTP on an ephemeral port). */
export async function startApi(options: ServerOptions = {}): Promise<TestApi> {
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = TEST_DATABASE_URL;
  // The suites count SQL statements per request (x-sql-statements, off unless configured).
  const server = await buildServer({ ...options, config: { sqlStatementsHeader: true, ...options.config } });
  if (!server.ds.isInitialized) await server.ds.initialize();
  const http: HttpServer = await new Promise((resolve) => {
    const h = server.app.listen(0, '127.0.0.1', () => resolve(h));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const tokens = new Map<string, string>();

  const raw = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  const gql: TestApi['gql'] = async (token, query, variables, headers = {}) => {
    const res = await raw(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}`, ...headers } : headers);
    const body = (await res.json()) as Record<string, unknown>;
    return { status: res.status, headers: res.headers, ...body };
  };

  const token = async (username: string): Promise<string> => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const r = await gql(null, 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }',
      { u: username, p: DEMO_PASSWORD });
    if (!r.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
    tokens.set(username, r.data.login.token);
    return r.data.login.token;
  };

  return {
    server, url, token, gql, raw,
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.close();
    },
  };
}

/** The error codes of a result, in order. */
export const codes = (r: GqlResult): string[] => (r.errors ?? []).map((e) => e.extensions.code);

const LOGIN = 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token mustChangePassword } }';

/** Signs in with a username and password (not cached), e.g. with a password just issued. */
export function signIn(api: TestApi, username: string, password: string): Promise<GqlResult<{ login: { token: string; mustChangePassword: boolean } }>> {
  return api.gql(null, LOGIN, { u: username, p: password });
}
