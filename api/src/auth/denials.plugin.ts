import { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, LEVEL_LABELS } from '@custodian/schema';
import { Context } from '../context';
import { openRequestTransaction } from '../db/request-transaction';

/**
 * Adds one FIELD_CLASSIFIED error per denied field coordinate to the response; with
 * `x-authz-mode: reject` the whole operation is refused instead (no data at all).
 */
export const denialsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      // A mutation that reject mode may refuse runs in one transaction, rolled back if it is refused.
      // Opened only once the operation executes (every check before execution has passed: another
      // plugin's refusal in didResolveOperation never leaves it open); it ends in willSendResponse, or
      // with the HTTP exchange (context.ended) whatever happened in between.
      async executionDidStart({ contextValue, operation }) {
        if (contextValue.authzMode === 'reject' && operation?.operation === 'mutation') {
          contextValue.requestTx = await openRequestTransaction(contextValue.ds, contextValue.ended);
          contextValue.ds = contextValue.requestTx.ds;
        }
      },
      async willSendResponse({ response, contextValue }) {
        // Apollo runs the plugins' willSendResponse hooks concurrently: everything the audit plugin must
        // see (data withheld in reject mode) happens here before the first await.
        const denials = contextValue?.access ? [...contextValue.access.denials.values()] : [];
        const refused = contextValue?.authzMode === 'reject' && denials.length > 0;
        if (denials.length > 0 && response.body.kind === 'single') {
          const errors = denials.map((d) => ({
            message: `${d.coordinate} is ${LEVEL_LABELS[d.level].en} (${LEVEL_LABELS[d.level].zh}): withheld ${d.count} time(s)`,
            path: [...d.path],
            extensions: { code: ErrorCode.FIELD_CLASSIFIED, field: d.coordinate, level: d.level, count: d.count, requestable: d.requestable, reason: d.reason },
          }));
          const result = response.body.singleResult;
          if (refused) {
            result.data = null;
            result.errors = errors;
            response.http.status = 403;
          } else {
            result.errors = [...(result.errors ?? []), ...errors];
          }
        }
        await contextValue?.requestTx?.finish(!refused);
      },
    };
  },
};
