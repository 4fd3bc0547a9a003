import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Args, ArgsType, ClassType, Ctx, Field, FieldResolver, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { FIELD_CATALOGUE, Level } from '@custodian/schema';
import { badInput } from '../errors';
import { Context } from '../context';
import { archiveFactsOf } from './field-guard';
import { decideField, DenyReason, isArchiveType } from './policy';

registerEnumType(DenyReason, { name: 'FieldDenyReason', description: 'Why a field is closed: CLEARANCE, CUSTODIAN_ONLY or ARCHIVE_LEVEL.' });

@ObjectType('FieldAccess', { description: 'Whether the caller may read one field of this record, and why not.' })
export class FieldAccess {
  @Field() field: string;
  @Field(() => Level) level: Level;
  @Field() readable: boolean;
  @Field(() => DenyReason, { nullable: true }) reason: DenyReason | null;
  @Field({ description: 'The caller may ask for access (申请查阅) to this field.' }) requestable: boolean;
}

@ArgsType()
class FieldAccessArgs {
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(200) @MaxLength(64, { each: true }) fields?: string[] | null;
}

/** `fieldAccess` on a type: the policy's answer for every catalogued field, so clients never re-implement it. */
export function fieldAccessResolver<T extends object>(entity: ClassType<T>, typeName: string) {
  @Resolver(() => entity)
  class FieldAccessResolver {
    @FieldResolver(() => [FieldAccess], { description: 'Per-field readability for the caller (lock marks, 申请查阅); every catalogued field, or only those named in `fields` (a list page asks for its columns).' })
    async fieldAccess(
      @Root() root: T, @Ctx() ctx: Context,
      @Args() { fields: only }: FieldAccessArgs,
    ): Promise<FieldAccess[]> {
      const catalogued = Object.keys(FIELD_CATALOGUE[typeName] ?? {}).filter((f) => f !== 'fieldAccess');
      const unknown = (only ?? []).filter((f) => !catalogued.includes(f));
      if (unknown.length) throw badInput('fields', `${typeName} has no field ${unknown.join(', ')}`);
      const facts = isArchiveType(typeName) ? await archiveFactsOf(ctx, typeName, root as Record<string, unknown>) : null;
      return (only ? catalogued.filter((f) => only.includes(f)) : catalogued).map((field) => {
        const d = decideField(ctx.actor!, ctx.levels, ctx.grants, typeName, field, facts);
        return { field, level: d.level, readable: d.allowed, reason: d.reason, requestable: d.requestable };
      });
    }
  }
  Object.defineProperty(FieldAccessResolver, 'name', { value: `${typeName}FieldAccessResolver` });
  return FieldAccessResolver;
}
