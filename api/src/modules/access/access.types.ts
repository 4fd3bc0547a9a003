import { ArrayMaxSize, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Level } from '@custodian/schema';
import { ArchiveEntry } from '../security/security.types';
import { UserEntity } from '../user/user.entity';

export enum GrantStatus { ACTIVE = 'ACTIVE', RETURNED = 'RETURNED', EXPIRED = 'EXPIRED', REVOKED = 'REVOKED' }
registerEnumType(GrantStatus, { name: 'GrantStatus' });

@InputType()
export class RequestAccessInput {
  @Field(() => ID, { nullable: true, description: 'A customer in your scope…' }) customerId?: string;
  @Field({ nullable: true, description: '…or any archive by its exact code (the finding aid lists code, name and level).' })
  @IsOptional() @MaxLength(32) customerCode?: string;
  @Field(() => [String], { description: 'Field coordinates such as "Customer.bankAccount" or "bankAccount"; empty: the whole archive.' })
  @ArrayMaxSize(100) @MaxLength(128, { each: true }) fields: string[];
  @Field({ description: 'A purpose code from accessPurposes (客户服务, 合同审核, 信用评估, 审计调查, 其他).' }) @MaxLength(32) @Matches(/^[A-Z_]{2,32}$/) purpose: string;
  @Field() @Length(5, 2000, { message: 'reason must be 5–2000 characters' }) reason: string;
  @Field(() => Int, { description: 'How long the grant lasts once approved; at most 72 hours.' }) @Min(1) @Max(72) hours: number;
}

@ArgsType()
export class DecideArgs {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) comment?: string;
}

@ObjectType('AccessPurpose')
export class AccessPurpose {
  @Field() code: string;
  @Field() labelZh: string;
  @Field() labelEn: string;
}

@ObjectType('AccessApproval', { description: 'One step of an approval chain.' })
export class AccessApproval {
  @Field(() => Int) step: number;
  @Field({ description: 'DEPARTMENT_HEAD, CUSTODIAN or INFO_SUPERVISOR' }) approverRole: string;
  approverUserId: string | null;
  @Field(() => UserEntity, { nullable: true, description: 'Named approver (any information supervisor when null).' }) approver?: UserEntity | null;
  @Field() decision: string;
  decidedById: string | null;
  @Field(() => UserEntity, { nullable: true }) decidedBy?: UserEntity | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@ObjectType('AccessGrant', { description: '借阅: an approved, time-limited opening of named fields of one archive.' })
export class AccessGrant {
  @Field(() => ID) id: string;
  @Field(() => ID) requestId: string;
  granteeId: string;
  @Field(() => UserEntity, { nullable: true }) grantee?: UserEntity | null;
  customerId: string;
  @Field(() => ArchiveEntry, { nullable: true }) customer?: ArchiveEntry | null;
  @Field(() => [String], { description: 'Opened field coordinates; empty: the whole archive.' }) fields: string[];
  @Field() purpose: string;
  @Field() startsAt: Date;
  @Field() expiresAt: Date;
  @Field(() => Date, { nullable: true }) returnedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => GrantStatus) status: GrantStatus;
  @Field(() => Float, { description: 'Seconds until expiry (0 when no longer active).' }) secondsLeft: number;
  @Field({ description: 'Expired without being returned (逾期未归还).' }) overdue: boolean;
}

@ObjectType('AccessRequest', { description: '查阅/借阅 request: object, purpose, reason and duration, with its approval chain.' })
export class AccessRequest {
  @Field(() => ID) id: string;
  requesterId: string;
  @Field(() => UserEntity, { nullable: true }) requester?: UserEntity | null;
  customerId: string;
  @Field(() => ArchiveEntry, { nullable: true }) customer?: ArchiveEntry | null;
  @Field(() => [String]) fields: string[];
  @Field() purpose: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => Int) hours: number;
  @Field({ description: 'PENDING, APPROVED or REJECTED' }) status: string;
  @Field(() => Level, { description: 'Highest level asked for; decides the chain.' }) level: Level;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => [AccessApproval]) approvals: AccessApproval[];
  @Field(() => AccessGrant, { nullable: true }) grant: AccessGrant | null;
}

@ObjectType('Reminder', { description: 'Something waiting on the caller: an approval, an overdue return, a follow-up.' })
export class Reminder {
  @Field({ description: 'PENDING_APPROVAL, REQUEST_WAITING, GRANT_OVERDUE, GRANT_EXPIRING, FOLLOW_UP_DUE' }) kind: string;
  @Field() at: Date;
  @Field() message: string;
  @Field(() => ID, { nullable: true }) requestId: string | null;
  @Field(() => ID, { nullable: true }) grantId: string | null;
  @Field(() => ID, { nullable: true }) activityId: string | null;
  @Field(() => ID, { nullable: true }) customerId: string | null;
}

@InputType()
export class DecideAccessInput {
  @Field(() => ID) id: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(2000) comment?: string;
}
