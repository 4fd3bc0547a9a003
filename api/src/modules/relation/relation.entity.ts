import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessEntity } from '../../common/business.entity';

@ObjectType('RelationType', { description: 'Admin-defined kind of relationship between customers (母公司, 雇佣, 亲属 …).' })
@Entity('relation_type')
export class RelationTypeEntity extends BusinessEntity {
  @Field() @Column() name: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) inverseName: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) description: string | null;
}

@ObjectType('CustomerRelation')
@Entity('customer_relation')
export class CustomerRelationEntity extends BusinessEntity {
  @Field(() => ID) @Column({ type: 'bigint' }) fromCustomerId: string;
  @Field(() => ID) @Column({ type: 'bigint' }) toCustomerId: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint' }) relationTypeId: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) note: string | null;
}
