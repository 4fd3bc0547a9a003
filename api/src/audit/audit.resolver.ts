import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { actorOf, Context } from '../context';
import { connectionOf } from '../common/connection';
import { PageArgs } from '../common/inputs';
import { AuditEvent, AuditEventWhere, AuditExportInput, AuditExportResult, AuditIntegrity } from './audit.types';
import { auditIntegrity, exportAuditEvents, listAuditEvents } from './audit.service';

export const AuditEventConnection = connectionOf(AuditEvent, 'AuditEvent');
type AuditEventConnection = InstanceType<typeof AuditEventConnection>;

/** For auditors: the log, newest first; its integrity; exports. Every query is itself logged (AUDIT_VIEW). */
@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection)
  async auditEvents(
    @Args() page: PageArgs, @Ctx() ctx: Context,
    @Arg('where', () => AuditEventWhere, { nullable: true }) where?: AuditEventWhere,
  ): Promise<AuditEventConnection> {
    return AuditEventConnection.from(await listAuditEvents(ctx, actorOf(ctx), page.first ?? 50, page.after, where));
  }

  @Query(() => AuditIntegrity, { description: 'Recomputes the hash chain (auditors).' })
  auditIntegrity(@Ctx() ctx: Context): Promise<AuditIntegrity> {
    return auditIntegrity(ctx, actorOf(ctx));
  }

  @Query(() => AuditExportResult, { description: 'CSV of a filtered selection with chain hashes (logged as EXPORT).' })
  auditExport(@Arg('input') input: AuditExportInput, @Ctx() ctx: Context): Promise<AuditExportResult> {
    return exportAuditEvents(ctx, actorOf(ctx), input.where, input.limit);
  }
}
