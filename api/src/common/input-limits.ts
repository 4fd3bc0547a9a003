import { getMetadataStorage as validationMetadata } from 'class-validator';
import { getNamedType, GraphQLSchema, isInputObjectType, isListType, isNonNullType, isObjectType, GraphQLInputType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** One string input of the schema: an input field (`Type.field`) or an argument (`Type.field(arg)`). */
export interface StringInput {
  coordinate: string;
  /** The longest value accepted (class-validator MaxLength / Length), null when nothing limits it. */
  max: number | null;
  /** A list of strings: the limit applies to each. */
  list: boolean;
}

/** A decorated class (type-graphql and class-validator key their metadata by the constructor). */
type ClassRef = abstract new (...args: never[]) => unknown;

function maxLengthOf(target: ClassRef | undefined, property: string): number | null {
  if (!target) return null;
  const rules = validationMetadata().getTargetValidationMetadatas(target as unknown as new () => object, '', true, false).filter((m) => m.propertyName === property);
  const limits = rules.flatMap((m) => {
    if (m.name === 'maxLength') return [Number(m.constraints[0])];
    if (m.name === 'isLength' && m.constraints[1] !== undefined) return [Number(m.constraints[1])];
    return [];
  });
  return limits.length ? Math.min(...limits) : null;
}

const isList = (t: GraphQLInputType): boolean => isListType(isNonNullType(t) ? t.ofType : t);

/**
 * Every String argument and input field of the schema with the length its validation allows: each
 * must have one, matching its column (tests/contract/input-limits.test.ts), so a value too long for
 * the database is BAD_USER_INPUT naming the field, never a driver error.
 */
export function stringInputs(schema: GraphQLSchema): StringInput[] {
  const meta = getMetadataStorage();
  const inputClass = new Map(meta.inputTypes.map((t) => [t.name, t.target as unknown as ClassRef]));
  // Resolver arguments: an ArgsType class (validated) or an inline @Arg (which cannot carry a limit).
  const argClass = new Map<string, ClassRef | undefined>();
  for (const r of [...meta.queries, ...meta.mutations, ...meta.fieldResolvers]) {
    for (const p of r.params ?? []) {
      if (p.kind === 'args') {
        const cls = p.getType() as unknown as ClassRef;
        for (const f of meta.argumentTypes.find((a) => (a.target as unknown) === cls)?.fields ?? []) argClass.set(`${r.schemaName}(${f.name})`, cls);
      } else if (p.kind === 'arg' && !argClass.has(`${r.schemaName}(${p.name})`)) {
        argClass.set(`${r.schemaName}(${p.name})`, undefined);
      }
    }
  }
  const out: StringInput[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) {
        if (getNamedType(f.type).name !== 'String') continue;
        out.push({ coordinate: `${type.name}.${f.name}`, max: maxLengthOf(inputClass.get(type.name), f.name), list: isList(f.type) });
      }
    } else if (isObjectType(type)) {
      for (const f of Object.values(type.getFields())) {
        for (const a of f.args) {
          if (getNamedType(a.type).name !== 'String') continue;
          out.push({ coordinate: `${type.name}.${f.name}(${a.name})`, max: maxLengthOf(argClass.get(`${f.name}(${a.name})`), a.name), list: isList(a.type) });
        }
      }
    }
  }
  return out;
}
