import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import * as opsDocuments from '../../web/app/_lib/ops-queries';
import * as queryDocuments from '../../web/app/_lib/queries';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));

describe('web GraphQL documents', () => {
  const operations = Object.entries<unknown>({ ...queryDocuments, ...opsDocuments })
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^\s*(query|mutation)\b/.test(entry[1]));

  it('covers the operations the web app sends', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it.each(operations)('%s is valid against schema.graphql', (_name, text) => {
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
  });
});
