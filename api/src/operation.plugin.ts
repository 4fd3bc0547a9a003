import { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@custodian/schema';
import { asksForSchema, assertIntrospectionAllowed } from './auth/introspection';
import { Config } from './config';
import { Context } from './context';
import { AppError, httpStatusOf } from './errors';

const refuse = (message: string, reason: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { reason, http: { status: httpStatusOf(ErrorCode.BAD_USER_INPUT) } });

/**
 * What the request must be before anything runs: one operation Apollo could pick (operationName
 * naming one of the document's operations, or a document with a single one), a query or a mutation
 * (there are no subscriptions), and introspection only where configured.
 */
export function operationPlugin(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request }) {
          if (!operation) {
            const count = document.definitions.filter((d) => d.kind === 'OperationDefinition').length;
            if (request.operationName) throw refuse(`The document has no operation named "${String(request.operationName).slice(0, 100)}"`, 'UNKNOWN_OPERATION');
            throw refuse(count > 1 ? 'The document has several operations: name one with operationName' : 'The document has no operation', 'OPERATION_NOT_CHOSEN');
          }
          if (operation.operation === 'subscription') throw refuse('Subscriptions are not supported', 'SUBSCRIPTION');
          if (asksForSchema(document, operation)) assertIntrospectionAllowed(config.introspection, contextValue.actor);
        },
      };
    },
  };
}
