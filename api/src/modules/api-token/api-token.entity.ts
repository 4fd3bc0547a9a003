import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Level, RowScope } from '@custodian/schema';

/** An analytics tool's credential. Only the SHA-256 of the secret is stored. */
@ObjectType('ApiToken')
@Entity('api_token')
export class ApiTokenEntity {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Field() @Column() name: string;
  @Column({ type: 'char', length: 64, select: false }) tokenHash: string;
  @Column({ type: 'bigint' }) userId: string;
  @Column({ type: 'bigint' }) roleId: string;
  @Field(() => RowScope) @Column({ type: 'varchar' }) scope: RowScope;
  @Field(() => Level) @Column({ type: 'varchar' }) clearance: Level;
  @Field() @Column({ type: 'datetime', precision: 3 }) expiresAt: Date;
  @Field(() => Date, { nullable: true }) @Column({ type: 'datetime', precision: 3, nullable: true }) revokedAt: Date | null;
  @Column({ type: 'bigint', nullable: true }) revokedBy: string | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'datetime', precision: 3, nullable: true }) lastUsedAt: Date | null;
  @Field() @CreateDateColumn() createdAt: Date;
}
