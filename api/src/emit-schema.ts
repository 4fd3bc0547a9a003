import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchemaText } from './index';

/** Writes schema/schema.graphql from the code (committed; a test fails when it drifts). */
printSchemaText().then((text) => {
  const target = join(__dirname, '..', '..', 'schema', 'schema.graphql');
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
});
