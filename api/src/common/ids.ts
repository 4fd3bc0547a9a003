import {
  GraphQLID, GraphQLInputType, GraphQLList, GraphQLNonNull, GraphQLOutputType, GraphQLScalarType, GraphQLSchema, GraphQLType,
  isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, Kind,
} from 'graphql';

/** Largest BIGINT (signed): every id of the schema is a database row id. */
const MAX_ID = 9223372036854775807n;

/** Whether a value is an id as the schema's ID inputs take it: a positive integer in canonical decimal form. */
export function isRowId(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_ID;
}

function parseId(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !isRowId(text)) {
    // A plain TypeError: graphql-js adds the location and the argument or input field to the message.
    throw new TypeError(`ID expects a record id (a positive integer such as "42"), got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return text;
}

/**
 * The schema's `ID`, strict on input: `"1abc"` or `"1 OR 1=1"` is BAD_USER_INPUT before anything
 * runs (MariaDB would coerce it to 1), on every argument and input field of type ID. Output is
 * unchanged. It keeps the name ID, so the SDL and introspection are the same.
 */
export const StrictId = new GraphQLScalarType({
  ...GraphQLID.toConfig(),
  parseValue: parseId,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT) throw new TypeError('ID expects a string or integer literal');
    return parseId(ast.value);
  },
});

function swap<T extends GraphQLType>(type: T): T {
  if (type === GraphQLID) return StrictId as unknown as T;
  if (isNonNullType(type)) return new GraphQLNonNull(swap(type.ofType)) as unknown as T;
  if (isListType(type)) return new GraphQLList(swap(type.ofType)) as unknown as T;
  return type;
}

/** Puts StrictId in place of graphql-js's ID everywhere in a built schema (in place). */
export function strictIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        field.type = swap(field.type) as GraphQLOutputType;
        for (const arg of field.args) arg.type = swap(arg.type) as GraphQLInputType;
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) field.type = swap(field.type) as GraphQLInputType;
    }
  }
  (schema.getTypeMap() as Record<string, GraphQLType>).ID = StrictId;
  return schema;
}
