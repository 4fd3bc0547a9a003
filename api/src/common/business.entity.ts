import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CreateDateColumn, DeleteDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Columns every business row carries: id, timestamps (UTC), soft delete and optimistic-lock version. */
@ObjectType('BusinessEntity')
export abstract class BusinessEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Field({ nullable: true })
  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field({ nullable: true })
  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'datetime', precision: 3 })
  deletedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Optimistic-lock version: send it back with updates; a stale one gets CONFLICT.' })
  @VersionColumn()
  version: number;
}
