import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, Context } from '../../context';
import { UserEntity } from '../user/user.entity';
import { ChangePasswordInput, LoginInput, LoginPayload } from './session.inputs';
import { changePassword, login, logout } from './session.service';

@Resolver()
export class SessionResolver {
  @Mutation(() => LoginPayload, { description: 'Sign in. Five wrong passwords lock the account for 15 minutes.' })
  login(@Arg('input') input: LoginInput, @Ctx() ctx: Context): Promise<LoginPayload> {
    return login(ctx, input.username, input.password);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return logout(ctx, actorOf(ctx));
  }

  @Mutation(() => Boolean)
  changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() ctx: Context): Promise<boolean> {
    return changePassword(ctx, actorOf(ctx), input.currentPassword, input.newPassword);
  }

  @Query(() => UserEntity, { description: 'The signed-in user (or the creator of the API token in use).' })
  async me(@Ctx() ctx: Context): Promise<UserEntity> {
    const actor = actorOf(ctx);
    return ctx.ds.getRepository(UserEntity).findOneByOrFail({ id: actor.userId });
  }
}
