import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, Context } from '../../context';
import { ApiTokenEntity } from './api-token.entity';
import { CreateApiTokenInput, CreateApiTokenPayload } from './api-token.inputs';
import { createApiToken, myApiTokens, revokeApiToken } from './api-token.service';

@Resolver(() => ApiTokenEntity)
export class ApiTokenResolver {
  @Mutation(() => CreateApiTokenPayload, { description: 'Creates an API token for an analytics tool; the secret is returned once.' })
  createApiToken(@Arg('input') input: CreateApiTokenInput, @Ctx() ctx: Context) { return createApiToken(ctx, actorOf(ctx), input); }

  @Query(() => [ApiTokenEntity], { description: 'Tokens you created (secrets are never shown again).' })
  myApiTokens(@Ctx() ctx: Context) { return myApiTokens(ctx, actorOf(ctx)); }

  @Mutation(() => ApiTokenEntity)
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return revokeApiToken(ctx, actorOf(ctx), id); }
}
