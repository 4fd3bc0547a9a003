export * from './data-source';
export * from './seed';
export { insertRows, rng, pick } from './rows';
export * from './names';
