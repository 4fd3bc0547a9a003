import DataLoader from 'dataloader';
import { ObjectLiteral } from 'typeorm';
import { Context } from '../../context';
import { Page } from '../../common/connection';
import { byIdLoader, childCountLoader, childPageLoader, ChildList } from '../../common/nested';
import { DepartmentEntity } from '../user/department.entity';
import { UserEntity } from '../user/user.entity';

export const userById = (ctx: Context): DataLoader<string, UserEntity | null> =>
  ctx.loaders.get('userById', () => byIdLoader(ctx.ds, UserEntity));

export const departmentById = (ctx: Context): DataLoader<string, DepartmentEntity | null> =>
  ctx.loaders.get('departmentById', () => byIdLoader(ctx.ds, DepartmentEntity));

/** Per-request loader of one page of children per parent, shared by all parents asking with the same arguments. */
export function childPages<E extends ObjectLiteral>(ctx: Context, spec: ChildList<E>, first: number, after?: string): DataLoader<string, Page<E>> {
  const counts = ctx.loaders.get(`${spec.name}:count`, () => childCountLoader(ctx.ds, spec));
  return ctx.loaders.get(`${spec.name}:${first}:${after ?? ''}`, () =>
    childPageLoader(ctx.ds, spec, first, after, (pid) => counts.load(pid)));
}
