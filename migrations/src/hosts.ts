/**
 * A database URL may name several hosts of one cluster (`mysql://u:p@h1:3307,h2:3308,h3:3309/db`):
 * this splits it into one single-host URL per host, in the order given. A one-host URL is returned
 * unchanged. The API fails over along the list (api/src/db/failover-pool.ts); migrations and the seed
 * run through the first host (docs/deploy.md).
 */
export function hostUrls(url: string): string[] {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, authority, rest] = m;
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hosts = authority.slice(at + 1).split(',').map((h) => h.trim()).filter(Boolean);
  if (hosts.length <= 1) return [url];
  return hosts.map((h) => `${scheme}${userinfo}${h}${rest}`);
}

/** The first host's URL: where migrations, the seed and `CREATE DATABASE` go. */
export const firstHostUrl = (url: string): string => hostUrls(url)[0];
