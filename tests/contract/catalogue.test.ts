import { GraphQLObjectType, isObjectType } from 'graphql';
import { defaultFieldLevel, DERIVED_FIELDS, FIELD_CATALOGUE, IDENTITY_FIELDS, isStructuralType, RELATION_TYPES } from '@custodian/schema';
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

  it('names only catalogued fields as derived values, what they reveal, identities and relation ends', () => {
    const unknown = [
      ...Object.entries(DERIVED_FIELDS).flatMap(([derived, revealed]) => [derived, ...revealed]),
      ...Object.entries(IDENTITY_FIELDS).flatMap(([type, fields]) => fields.map((f) => `${type}.${f}`)),
      ...Object.entries(RELATION_TYPES).flatMap(([type, ends]) => ends.map((f) => `${type}.${f}`)),
    ].filter((coordinate) => { const [t, f] = coordinate.split('.'); return !defaultFieldLevel(t, f); });
    expect(unknown).toEqual([]);
  });
});
