import { ApolloServerPlugin } from '@apollo/server';
import { OperationDefinitionNode, responsePathAsArray } from 'graphql';
import { ErrorCode, Level, levelRank } from '@custodian/schema';
import { Context } from '../context';
import { SensitiveRead } from '../auth/field-guard';
import { logger } from '../logger';
import { AuditEventInput, AuditTarget } from './event';
import { eventOf } from './recorder';

/** Error codes that are refusals worth an audit DENY event. */
const DENY_CODES = new Set<string>([ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.UNAUTHENTICATED]);

function readEvents(ctx: Context, reads: SensitiveRead[]): AuditEventInput[] {
  const groups = new Map<string, SensitiveRead[]>();
  for (const r of reads) {
    const key = r.grantId ?? '';
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((group) => {
    const byRecord = new Map<string, AuditTarget>();
    let max = Level.CONFIDENTIAL;
    for (const r of group) {
      if (levelRank(r.level) > levelRank(max)) max = r.level;
      const key = `${r.typeName}:${r.recordId}`;
      let t = byRecord.get(key);
      if (!t) byRecord.set(key, (t = { entityType: r.typeName, entityId: r.recordId, fields: [] }));
      if (!t.fields!.includes(r.field)) t.fields!.push(r.field);
      if (r.customerId && r.typeName !== 'Customer' && !byRecord.has(`Customer:${r.customerId}`)) {
        byRecord.set(`Customer:${r.customerId}`, { entityType: 'Customer', entityId: r.customerId, fields: [] });
      }
    }
    const targets = [...byRecord.values()];
    const fields = [...new Set(group.map((r) => `${r.typeName}.${r.field}`))];
    const single = targets.length === 1 ? targets[0] : null;
    return eventOf(ctx, {
      action: 'READ', maxLevel: max, fields, targets, grantId: group[0].grantId, purpose: group[0].grantPurpose,
      entityType: single?.entityType ?? group[0].typeName, entityId: single?.entityId ?? null,
      detail: { records: targets.length, values: group.length },
    });
  });
}

function setNull(data: unknown, path: ReadonlyArray<string | number>): void {
  let node = data as Record<string | number, unknown> | null;
  for (let i = 0; i < path.length - 1; i++) {
    if (!node || typeof node !== 'object') return;
    node = node[path[i]] as Record<string | number, unknown> | null;
  }
  if (node && typeof node === 'object') node[path[path.length - 1]] = null;
}

/**
 * Audits each response before it leaves: READ events for CONFIDENTIAL and CLASSIFIED values
 * (durable first — if they cannot be written, the values are withheld with AUDIT_UNAVAILABLE),
 * and DENY events for denied fields and refused operations.
 */
export const auditPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, operationName }) {
        // No operation (operationName naming none): the operation plugin refuses the request.
        const first = (operation as OperationDefinitionNode | undefined)?.selectionSet.selections[0];
        contextValue.operation = operationName ?? (first && 'name' in first && first.name ? first.name.value : null);
      },
      async willSendResponse({ response, contextValue: ctx }) {
        if (!ctx?.access || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const denyEvents: AuditEventInput[] = [];
        if (ctx.access.denials.size > 0) {
          const denials = [...ctx.access.denials.values()];
          denyEvents.push(eventOf(ctx, {
            action: 'DENY', outcome: 'DENIED', maxLevel: denials.reduce<Level>((m, d) => (levelRank(d.level) > levelRank(m) ? d.level : m), Level.PUBLIC),
            fields: denials.map((d) => d.coordinate),
            targets: [...new Set(denials.flatMap((d) => [...d.customerIds]))].map((id) => ({ entityType: 'Customer', entityId: id })),
            detail: { code: ErrorCode.FIELD_CLASSIFIED, denied: denials.map((d) => ({ field: d.coordinate, level: d.level, count: d.count })) },
          }));
        }
        const refusals = (result.errors ?? []).filter((e) => DENY_CODES.has(String(e.extensions?.code))
          && (e.extensions?.code !== ErrorCode.UNAUTHENTICATED || ctx.bearer));
        if (refusals.length > 0) {
          denyEvents.push(eventOf(ctx, {
            action: 'DENY', outcome: 'DENIED',
            detail: { errors: refusals.slice(0, 20).map((e) => ({ code: e.extensions?.code, message: e.message.slice(0, 300), path: e.path?.slice(0, 20) })) },
          }));
        }
        const reads = ctx.access.reads;
        const readEventsList = reads.length > 0 && result.data ? readEvents(ctx, reads) : [];
        if (readEventsList.length === 0 && denyEvents.length === 0) return;
        try {
          await ctx.audit.append([...readEventsList, ...denyEvents]);
        } catch (err) {
          logger.error({ err, requestId: ctx.requestId }, 'audit log unavailable');
          if (readEventsList.length === 0) return;
          // Fail closed: the sensitive values do not leave without their READ event.
          for (const r of reads) setNull(result.data, responsePathAsArray(r.path));
          const withheld = [...new Set(reads.map((r) => `${r.typeName}.${r.field}`))];
          result.errors = [...(result.errors ?? []), ...withheld.map((field) => ({
            message: `${field} withheld: the audit log cannot be written right now`,
            extensions: { code: ErrorCode.AUDIT_UNAVAILABLE, field },
          }))];
        }
      },
    };
  },
};
