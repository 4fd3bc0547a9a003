import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RoleName } from '@custodian/schema';
import { Context } from '../../context';
import { departmentById } from '../customer/customer.loaders';
import { DepartmentEntity } from './department.entity';
import { UserEntity } from './user.entity';

const rolesByUser = (ctx: Context): DataLoader<string, RoleName[]> =>
  ctx.loaders.get('rolesByUser', () => new DataLoader(async (ids) => {
    const rows: Array<{ user_id: string; name: RoleName }> = await ctx.ds.query(
      `SELECT ur.user_id, r.name FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id IN (${ids.map(() => '?').join(',')})`,
      [...ids],
    );
    return ids.map((id) => rows.filter((r) => String(r.user_id) === id).map((r) => r.name));
  }));

@Resolver(() => UserEntity)
export class UserResolver {
  @FieldResolver(() => [RoleName])
  roles(@Root() u: UserEntity, @Ctx() ctx: Context): Promise<RoleName[]> {
    return rolesByUser(ctx).load(u.id);
  }

  @FieldResolver(() => DepartmentEntity, { nullable: true })
  department(@Root() u: UserEntity, @Ctx() ctx: Context) {
    return u.departmentId ? departmentById(ctx).load(u.departmentId) : null;
  }
}
