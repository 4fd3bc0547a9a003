import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, Context } from '../../context';
import { DepartmentEntity } from '../user/department.entity';
import { RoleEntity } from '../user/role.entity';
import { UserEntity } from '../user/user.entity';
import {
  CreateDepartmentInput, CreateUserInput, UpdateDepartmentInput, UpdateRoleInput, UpdateUserInput, UserCredentialsPayload,
} from './admin.inputs';
import * as admin from './admin.service';

/** System administration: accounts, departments, roles. The system administrator reads no business data. */
@Resolver()
export class AdminResolver {
  @Query(() => [UserEntity], { description: 'All accounts (system administrator, security officer).' })
  users(@Ctx() ctx: Context) { return admin.listUsers(ctx, actorOf(ctx)); }

  @Mutation(() => UserCredentialsPayload)
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context) { return admin.createUser(ctx, actorOf(ctx), input); }

  @Mutation(() => UserEntity)
  updateUser(@Arg('input') input: UpdateUserInput, @Ctx() ctx: Context) { return admin.updateUser(ctx, actorOf(ctx), input); }

  @Mutation(() => UserEntity, { description: 'Clears a lock after repeated failed sign-ins.' })
  unlockUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return admin.unlockUser(ctx, actorOf(ctx), id); }

  @Mutation(() => UserCredentialsPayload, { description: 'Issues a new initial password and ends the user\'s sessions.' })
  resetPassword(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return admin.resetPassword(ctx, actorOf(ctx), id); }

  @Query(() => [DepartmentEntity], { description: 'The department tree, parents before children.' })
  departments(@Ctx() ctx: Context) { return admin.listDepartments(ctx); }

  @Mutation(() => DepartmentEntity)
  createDepartment(@Arg('input') input: CreateDepartmentInput, @Ctx() ctx: Context) { return admin.createDepartment(ctx, actorOf(ctx), input); }

  @Mutation(() => DepartmentEntity)
  updateDepartment(@Arg('input') input: UpdateDepartmentInput, @Ctx() ctx: Context) { return admin.updateDepartment(ctx, actorOf(ctx), input); }

  @Query(() => [RoleEntity])
  roles(@Ctx() ctx: Context) { return admin.listRoles(ctx); }

  @Mutation(() => RoleEntity, { description: 'Changes a role\'s labels or row scope.' })
  updateRole(@Arg('input') input: UpdateRoleInput, @Ctx() ctx: Context) { return admin.updateRole(ctx, actorOf(ctx), input); }
}
