export * from './data-source';
export * from './seed';
export * from './hosts';
export { insertRows, rng, pick } from './rows';
export * from './names';
export { APP_DB_USER, APP_DB_PASSWORD } from './app-account';
export { BUSINESS_TABLES } from './migrations/1764000000002-Audit';
