import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Level } from '@custodian/schema';
import { ChangeStatus } from '../../common/enums';
import { UserEntity } from '../user/user.entity';

@ObjectType('ArchiveEntry', { description: 'Finding-aid entry (检索工具) of a customer archive: identity only, never contents.' })
export class ArchiveEntry {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => Level) archiveLevel: Level;
  custodianId: string | null;
  @Field(() => UserEntity, { nullable: true }) custodian?: UserEntity | null;
}

@ArgsType()
export class ArchiveCodeArgs {
  @Field() @MaxLength(32) code: string;
}

@ObjectType('FieldPolicy', { description: 'The classification of one field: catalogue default and the run-time override, if any.' })
export class FieldPolicy {
  @Field() typeName: string;
  @Field() field: string;
  @Field(() => Level) defaultLevel: Level;
  @Field(() => Level) level: Level;
  @Field() overridden: boolean;
}

@InputType()
export class SetClearanceInput {
  @Field(() => ID) userId: string;
  @Field(() => Level) clearance: Level;
}

@InputType()
export class SetFieldLevelInput {
  @Field() @MaxLength(64) @Matches(/^[A-Za-z]{1,64}$/) typeName: string;
  @Field() @MaxLength(64) @Matches(/^[A-Za-z]{1,64}$/) field: string;
  @Field(() => Level, { nullable: true, description: 'null restores the catalogue default.' }) level?: Level | null;
}

@InputType()
export class SetArchiveLevelInput {
  @Field(() => ID) customerId: string;
  @Field(() => Level) archiveLevel: Level;
  @Field(() => ID, { nullable: true, description: '保管人; required for CLASSIFIED archives, never yourself.' }) custodianId?: string | null;
  @Field({ description: 'Why (recorded in the audit log). Lowering the level waits for a second archive administrator.' })
  @Length(1, 500, { message: 'reason must be 1–500 characters' }) reason: string;
}

@ObjectType('ArchiveLevelChange', { description: 'A proposed declassification (降密): applies when a second archive administrator approves it.' })
export class ArchiveLevelChange {
  @Field(() => ID) id: string;
  customerId: string;
  @Field(() => ArchiveEntry, { nullable: true }) customer?: ArchiveEntry | null;
  @Field(() => Level) levelBefore: Level;
  @Field(() => Level) levelAfter: Level;
  custodianBeforeId: string | null;
  @Field(() => UserEntity, { nullable: true }) custodianBefore?: UserEntity | null;
  custodianAfterId: string | null;
  @Field(() => UserEntity, { nullable: true }) custodianAfter?: UserEntity | null;
  @Field() reason: string;
  @Field(() => ChangeStatus) status: ChangeStatus;
  requestedById: string;
  @Field(() => UserEntity, { nullable: true }) requestedBy?: UserEntity | null;
  @Field() requestedAt: Date;
  decidedById: string | null;
  @Field(() => UserEntity, { nullable: true }) decidedBy?: UserEntity | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@InputType()
export class ArchiveLevelChangeWhere {
  @Field(() => [ChangeStatus], { nullable: true }) statusIn?: ChangeStatus[];
  @Field(() => ID, { nullable: true }) customerId?: string;
}

@InputType()
export class ArchiveEntryWhere {
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) search?: string;
  @Field(() => [Level], { nullable: true }) archiveLevelIn?: Level[];
}
