import { GraphQLObjectType, isObjectType } from 'graphql';
import { defaultFieldLevel, FIELD_CATALOGUE, isStructuralType } from '@custodian/schema';
import { appSchema } from '@custodian/api';

describe('field catalogue', () => {
  it('gives every output field of every data-carrying object type a classification level', async () => {
    const schema = await appSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || isStructuralType(type.name)) continue;
      for (const field of Object.keys((type as GraphQLObjectType).getFields())) {
        if (!defaultFieldLevel(type.name, field)) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists no field the schema does not have', async () => {
    const schema = await appSchema();
    const stale: string[] = [];
    for (const [typeName, fields] of Object.entries(FIELD_CATALOGUE)) {
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) continue;
      for (const field of Object.keys(fields)) if (!type.getFields()[field]) stale.push(`${typeName}.${field}`);
    }
    expect(stale).toEqual([]);
  });
});
