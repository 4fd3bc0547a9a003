export * from './levels';
export * from './errors';
export * from './roles';
export * from './domain';
export * from './catalogue';
