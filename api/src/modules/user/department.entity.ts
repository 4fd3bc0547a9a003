import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessEntity } from '../../common/business.entity';

@ObjectType('Department', { description: 'A node of the organisation tree (company → branch → department → team).' })
@Entity('department')
export class DepartmentEntity extends BusinessEntity {
  @Field() @Column() code: string;
  @Field() @Column() name: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint', nullable: true }) parentId: string | null;
  @Column() path: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint', nullable: true }) headUserId: string | null;
}
