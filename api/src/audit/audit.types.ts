import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Level } from '@custodian/schema';

@ObjectType('AuditTargetRef', { description: 'An entity an audit event touched, with the fields involved.' })
export class AuditTargetRef {
  @Field() entityType: string;
  @Field() entityId: string;
  @Field(() => [String], { nullable: true }) fields: string[] | null;
}

@ObjectType('AuditEvent', { description: 'One entry of the tamper-evident audit log.' })
export class AuditEvent {
  @Field(() => Float, { description: 'Gapless sequence number in the hash chain.' }) seq: number;
  @Field() at: Date;
  @Field(() => ID, { nullable: true }) actorUserId: string | null;
  @Field(() => String, { nullable: true }) actorUsername: string | null;
  @Field(() => ID, { nullable: true, description: 'The API token used, if any.' }) actorTokenId: string | null;
  @Field(() => String, { nullable: true }) ip: string | null;
  @Field(() => String, { nullable: true }) userAgent: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true }) operation: string | null;
  @Field() action: string;
  @Field() outcome: string;
  @Field(() => Level, { nullable: true }) maxLevel: Level | null;
  @Field(() => ID, { nullable: true }) grantId: string | null;
  @Field(() => String, { nullable: true }) purpose: string | null;
  @Field(() => String, { nullable: true }) entityType: string | null;
  @Field(() => String, { nullable: true }) entityId: string | null;
  @Field(() => [String], { nullable: true }) fields: string[] | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Per field {before, after}; CLASSIFIED values as keyed hashes.' }) changes: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) detail: unknown;
  @Field() prevHash: string;
  @Field() hash: string;
  @Field(() => [AuditTargetRef]) targets: AuditTargetRef[];
}

@InputType()
export class AuditEventWhere {
  @Field({ nullable: true, description: 'Username (or user id) of the actor.' }) @IsOptional() @MaxLength(64) actor?: string;
  @Field(() => [String], { nullable: true }) action?: string[];
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) entityType?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) entityId?: string;
  @Field({ nullable: true }) from?: Date;
  @Field({ nullable: true }) to?: Date;
  @Field({ nullable: true }) @IsOptional() @MaxLength(16) outcome?: string;
  @Field(() => Level, { nullable: true }) minLevel?: Level;
  @Field(() => ID, { nullable: true }) grantId?: string;
}

@ObjectType('AuditIntegrity', { description: 'Result of recomputing the hash chain from the first event.' })
export class AuditIntegrity {
  @Field() ok: boolean;
  @Field(() => Float) checked: number;
  @Field(() => Float) headSeq: number;
  @Field() headHash: string;
  @Field(() => Float, { nullable: true, description: 'The first seq whose hash, link or presence is wrong.' }) firstBrokenSeq: number | null;
}

@InputType()
export class AuditExportInput {
  @Field(() => AuditEventWhere, { nullable: true }) where?: AuditEventWhere;
  @Field(() => Int, { defaultValue: 10000 }) @Min(1) @Max(100000) limit: number;
}

@ObjectType('AuditExport')
export class AuditExportResult {
  @Field() filename: string;
  @Field(() => Int) rows: number;
  @Field({ description: 'CSV (RFC 4180) with every stored column and the chain hashes; check it with scripts/verify-audit.mjs.' }) csv: string;
}
