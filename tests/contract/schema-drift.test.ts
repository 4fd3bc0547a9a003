import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchemaText } from '@custodian/api';

describe('schema/schema.graphql', () => {
  it('matches the schema emitted by the code (run `npm run emit-schema -w @custodian/api` after changing it)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaText());
  });
});
