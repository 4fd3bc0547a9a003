import 'reflect-metadata';
import './common/enums';
import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker, operationGate } from './auth/gate';
import { CustomerResolver } from './modules/customer/customer.resolver';
import { SessionResolver } from './modules/session/session.resolver';
import { UserResolver } from './modules/user/user.resolver';

export const RESOLVERS = [SessionResolver, UserResolver, CustomerResolver] as const;

let built: Promise<GraphQLSchema> | null = null;

/** The GraphQL schema, built once per process from the decorated classes. */
export function appSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [...RESOLVERS] as [Function, ...Function[]],
    authChecker,
    authMode: 'error',
    globalMiddlewares: [operationGate],
    validate: { forbidUnknownValues: false },
  });
  return built;
}
