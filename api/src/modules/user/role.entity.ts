import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RoleName, RowScope } from '@custodian/schema';

@ObjectType('Role')
@Entity('role')
export class RoleEntity {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Field(() => RoleName) @Column({ type: 'varchar' }) name: RoleName;
  @Field() @Column() labelZh: string;
  @Field() @Column() labelEn: string;
  @Field(() => RowScope) @Column({ type: 'varchar' }) scope: RowScope;
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
