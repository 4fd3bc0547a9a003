import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '@custodian/schema';
import { LimitsConfig } from '../config';
import { Context } from '../context';
import { AppError, httpStatusOf } from '../errors';
import { operationComplexity, operationShape, OperationShape } from './operation-cost';
import { logger } from '../logger';
import { CounterStore, RateDecision, SlidingWindowLimiter } from './rate-limiter';

/**
 * Cost limits (issue 7): per operation a depth limit, alias and root-field limits and a complexity
 * budget (larger for API tokens); per bearer credential and per client IP a request rate. Every
 * violation is refused before execution — QUERY_TOO_COMPLEX or RATE_LIMITED with the limit and
 * the measured value in `extensions`.
 */

type Measure = 'depth' | 'aliases' | 'rootFields' | 'complexity';

function tooComplex(measure: Measure, limit: number, actual: number): AppError {
  return new AppError(ErrorCode.QUERY_TOO_COMPLEX, `The operation's ${measure} is ${actual}, above the limit of ${limit}`,
    { measure, limit, actual, http: { status: httpStatusOf(ErrorCode.QUERY_TOO_COMPLEX) } });
}

function rateExtensions(scope: 'token' | 'ip', d: RateDecision) {
  return { code: ErrorCode.RATE_LIMITED, scope, limit: d.limit, actual: d.actual, windowSeconds: d.windowSeconds, retryAfterSeconds: d.retryAfterSeconds };
}

const rateMessage = (scope: string, d: RateDecision) =>
  `Too many requests from this ${scope}: at most ${d.limit} per ${d.windowSeconds}s; retry in ${d.retryAfterSeconds}s`;

/** Shapes do not depend on variables: computed once per parsed document (Apollo reuses documents of the same query text). */
const shapes = new WeakMap<object, Map<string | undefined, OperationShape>>();

export interface Limits {
  plugin: ApolloServerPlugin<Context>;
  /** Per-IP rate limit, before the body is parsed or credentials are checked. */
  ipLimit: RequestHandler;
  /** Stops exchanging counts with the store, after a last exchange. */
  stop(): Promise<void>;
}

/**
 * `store` shares the rate counts between API processes (the database in production); without one
 * each process counts alone.
 */
export function createLimits(limits: LimitsConfig, store: CounterStore | null = null, now: () => number = Date.now): Limits {
  const windowMs = limits.rateWindowSeconds * 1000;
  let warned = 0;
  const onStoreError = (err: unknown) => {
    if (now() - warned < 60_000) return;
    warned = now();
    logger.warn({ err }, 'rate counts cannot be shared through the database; counting in this process only');
  };
  const perIp = new SlidingWindowLimiter(limits.ratePerIp, windowMs, store, onStoreError);
  const perToken = new SlidingWindowLimiter(limits.ratePerToken, windowMs, store, onStoreError);
  const timer = store && (limits.ratePerIp > 0 || limits.ratePerToken > 0)
    ? setInterval(() => { void perIp.sync(now()); void perToken.sync(now()); }, limits.rateSyncMs)
    : null;
  timer?.unref();

  const ipLimit: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const d = perIp.hit(req.ip ?? 'unknown', now());
    if (d.allowed) return next();
    res.setHeader('retry-after', String(d.retryAfterSeconds));
    res.status(httpStatusOf(ErrorCode.RATE_LIMITED)).json({ errors: [{ message: rateMessage('address', d), extensions: rateExtensions('ip', d) }] });
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, document, operation, operationName, request, schema }) {
          const actor = ctx.actor;
          if (actor) {
            const d = perToken.hit(actor.kind === 'TOKEN' ? `token:${actor.tokenId}` : `session:${actor.sessionId ?? actor.userId}`, now());
            if (!d.allowed) {
              const { code: _c, ...extra } = rateExtensions('token', d);
              throw new AppError(ErrorCode.RATE_LIMITED, rateMessage('token', d),
                { ...extra, http: { status: httpStatusOf(ErrorCode.RATE_LIMITED), headers: new HeaderMap([['retry-after', String(d.retryAfterSeconds)]]) } });
            }
          }
          if (!operation) return;
          let byName = shapes.get(document);
          if (!byName) shapes.set(document, (byName = new Map()));
          let shape = byName.get(operationName ?? undefined);
          if (!shape) byName.set(operationName ?? undefined, (shape = operationShape(document, operation)));
          if (limits.maxAliases > 0 && shape.aliases > limits.maxAliases) throw tooComplex('aliases', limits.maxAliases, shape.aliases);
          if (limits.maxRootFields > 0 && shape.rootFields > limits.maxRootFields) throw tooComplex('rootFields', limits.maxRootFields, shape.rootFields);
          if (shape.introspectionOnly) return;
          if (limits.maxDepth > 0 && shape.depth > limits.maxDepth) throw tooComplex('depth', limits.maxDepth, shape.depth);
          const budget = actor?.kind === 'TOKEN' ? limits.maxTokenComplexity : limits.maxComplexity;
          if (budget <= 0) return;
          let complexity: number;
          try {
            complexity = operationComplexity(schema, document, operationName ?? undefined, request.variables ?? {});
          } catch (err) {
            // graphql-query-complexity gives up on documents with more than MAX_QUERY_NODES selections.
            if (String((err as Error).message).includes('maximum allowed number of nodes')) throw tooComplex('complexity', budget, Number.MAX_SAFE_INTEGER);
            // Invalid variables: execution reports them as BAD_USER_INPUT naming the field, and nothing runs.
            return;
          }
          if (complexity > budget) throw tooComplex('complexity', budget, complexity);
        },
      };
    },
  };
  return {
    plugin, ipLimit,
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.all([perIp.sync(now()), perToken.sync(now())]);
    },
  };
}
