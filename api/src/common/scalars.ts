import { GraphQLScalarType, Kind } from 'graphql';
import { DateResolver } from 'graphql-scalars';

const DECIMAL = /^-?\d{1,16}(\.\d{1,4})?$/;

/** Plain TypeErrors: graphql-js then adds the location and the expected type to the message. */
function parseDecimal(value: unknown): string {
  const s = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof s !== 'string' || !DECIMAL.test(s)) throw new TypeError(`Decimal expects a number such as "1234.50", got ${JSON.stringify(value)}`);
  return s;
}

/** Exact decimal (money, quantities), carried as a string so no precision is lost. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'Exact decimal number as a string, e.g. "1234.50" (money is DECIMAL(18,2)).',
  serialize: (v) => (v === null || v === undefined ? v : String(v)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new TypeError('Decimal expects a string or number literal');
  },
});

/** Calendar date YYYY-MM-DD (birthdays, order dates). */
export const DateScalar = DateResolver;
