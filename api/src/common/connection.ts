import { ClassType, Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** One page of a keyset-paginated list, before it is shaped as a Relay connection. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counts every row of the list; only called when a client asks for totalCount. */
  count: () => Promise<number>;
}

export abstract class ConnectionBase<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** Relay connection and edge types for a node type (`CustomerConnection`, `CustomerEdge`). */
export function connectionOf<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection extends ConnectionBase<T> {
    @Field(() => [Edge]) declare edges: Edge[];
    @Field(() => PageInfo) declare pageInfo: PageInfo;
    @Field(() => Int, { description: 'Rows matching the filter within the caller\'s scope (one extra count query).' })
    totalCount(): Promise<number> {
      return this.count();
    }

    static from(page: Page<T>): Connection {
      const c = new Connection();
      c.edges = page.nodes.map((n, i) => ({ cursor: page.cursors[i], node: n }));
      c.pageInfo = {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors[page.cursors.length - 1] ?? null,
      };
      c.count = page.count;
      return c;
    }
  }
  return Connection;
}
