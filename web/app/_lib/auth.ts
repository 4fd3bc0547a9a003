import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { apiUrl, authSecret } from './config';
import type { GqlResult, SessionUser } from './types';
import { clientHeaders } from './forwarding';

// The web app may run behind any host name (load balancer, port forward); next-auth builds its
// callback URLs from the request's Host unless NEXTAUTH_URL pins one.
process.env.AUTH_TRUST_HOST ??= 'true';

const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { token expiresAt mustChangePassword user { id username displayName roles } }
}`;

interface LoginData {
  login: { token: string; expiresAt: string; mustChangePassword: boolean; user: SessionUser };
}

/** What the encrypted session cookie carries. `apiToken` never leaves the server. */
declare module 'next-auth/jwt' {
  interface JWT {
    apiToken?: string;
    apiExpiresAt?: string;
    mustChangePassword?: boolean;
    user?: SessionUser;
  }
}
declare module 'next-auth' {
  interface Session {
    user: SessionUser;
    mustChangePassword: boolean;
  }
}

type LoginUser = User & { apiToken: string; apiExpiresAt: string; mustChangePassword: boolean; sessionUser: SessionUser };

const forwarded = (headers: Record<string, unknown> | undefined): Record<string, string> =>
  clientHeaders((name) => (typeof headers?.[name] === 'string' ? (headers[name] as string) : undefined));

/** Calls the API's login; failures become `Error(reason[:detail])`, which next-auth hands to the sign-in page. */
async function apiLogin(username: string, password: string, headers?: Record<string, unknown>): Promise<LoginUser> {
  let body: GqlResult<LoginData>;
  try {
    const res = await fetch(apiUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...forwarded(headers) },
      body: JSON.stringify({ query: LOGIN, variables: { input: { username, password } } }),
      cache: 'no-store',
    });
    body = await res.json();
  } catch {
    throw new Error('NETWORK');
  }
  const error = body.errors?.[0];
  if (error || !body.data?.login) {
    const reason = String(error?.extensions?.reason ?? error?.extensions?.code ?? 'FAILED');
    const detail = error?.extensions?.lockedUntil ?? (reason === 'FAILED' || reason === 'INTERNAL' ? error?.message : '');
    throw new Error(detail ? `${reason}:${detail}` : reason);
  }
  const { token, expiresAt, mustChangePassword, user } = body.data.login;
  return { id: user.id, name: user.displayName, apiToken: token, apiExpiresAt: expiresAt, mustChangePassword, sessionUser: user };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: 'jwt', maxAge: 12 * 3600 },
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Custodian',
      credentials: { username: { type: 'text' }, password: { type: 'password' } },
      async authorize(credentials, req) {
        if (!credentials?.username || !credentials.password) throw new Error('WRONG_CREDENTIALS');
        return apiLogin(credentials.username, credentials.password, req?.headers as Record<string, unknown> | undefined);
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as LoginUser;
        token.apiToken = u.apiToken;
        token.apiExpiresAt = u.apiExpiresAt;
        token.mustChangePassword = u.mustChangePassword;
        token.user = u.sessionUser;
        token.name = u.sessionUser.displayName;
      }
      return token;
    },
    async session({ session, token }) {
      // Deliberately no apiToken here: the session object reaches client JavaScript.
      session.user = token.user ?? { id: '', username: '', displayName: '', roles: [] };
      session.mustChangePassword = Boolean(token.mustChangePassword);
      return session;
    },
  },
};
