import { RoleName } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { assertTokenWithinCreator } from '../../auth/policy';
import { API_TOKEN_PREFIX, newSecret, tokenHash } from '../../auth/tokens';
import { Context } from '../../context';
import { badInput, notFound } from '../../errors';
import { recordAdmin } from '../../audit/recorder';
import { RoleEntity } from '../user/role.entity';
import { ApiTokenEntity } from './api-token.entity';
import { CreateApiTokenInput } from './api-token.inputs';

const MAX_TOKEN_DAYS = 365;

export async function createApiToken(ctx: Context, actor: Actor, input: CreateApiTokenInput) {
  assertTokenWithinCreator(actor, input.clearance, input.scope);
  const now = ctx.clock.now().getTime();
  const expires = input.expiresAt.getTime();
  if (!(expires > now)) throw badInput('expiresAt', 'expiresAt must be in the future');
  if (expires > now + MAX_TOKEN_DAYS * 86_400_000) throw badInput('expiresAt', `expiresAt may be at most ${MAX_TOKEN_DAYS} days ahead`);
  const role = await ctx.ds.getRepository(RoleEntity).findOneByOrFail({ name: RoleName.API_CLIENT });
  const token = newSecret(API_TOKEN_PREFIX);
  const repo = ctx.ds.getRepository(ApiTokenEntity);
  const id = await ctx.ds.transaction(async (tx) => {
    const { identifiers } = await tx.insert(ApiTokenEntity, {
      name: input.name, tokenHash: tokenHash(token), userId: actor.userId, roleId: role.id, scope: input.scope,
      clearance: input.clearance, expiresAt: input.expiresAt,
    });
    const newId = String(identifiers[0].id);
    await recordAdmin(ctx, tx, 'createApiToken', 'ApiToken', newId, null, null,
      { name: input.name, scope: input.scope, clearance: input.clearance, expiresAt: input.expiresAt.toISOString() });
    return newId;
  });
  return { token, apiToken: await repo.findOneByOrFail({ id }) };
}

export function myApiTokens(ctx: Context, actor: Actor): Promise<ApiTokenEntity[]> {
  return ctx.ds.getRepository(ApiTokenEntity).find({ where: { userId: actor.userId }, order: { id: 'DESC' } });
}

/** The creator revokes their own tokens. */
export async function revokeApiToken(ctx: Context, actor: Actor, id: string): Promise<ApiTokenEntity> {
  const repo = ctx.ds.getRepository(ApiTokenEntity);
  const t = await repo.findOneBy({ id, userId: actor.userId });
  if (!t) throw notFound('API token', id);
  if (!t.revokedAt) {
    await ctx.ds.transaction(async (tx) => {
      await tx.update(ApiTokenEntity, id, { revokedAt: ctx.clock.now(), revokedBy: actor.userId });
      await recordAdmin(ctx, tx, 'revokeApiToken', 'ApiToken', id);
    });
  }
  return repo.findOneByOrFail({ id });
}
