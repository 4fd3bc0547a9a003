import dayjs from 'dayjs';
import { CONTACT_BIRTHDAYS, FOLLOW_UPS, MY_CUSTOMERS } from '../../_lib/queries';
import { REMINDERS, type Reminder } from '../../_lib/ops-queries';
import { requireSession, serverGql } from '../../_lib/server-api';
import type { Activity, Connection, Contact, Customer } from '../../_lib/types';
import { aggregate, birthdayThisWeek, matrixFromTotals, matrixQuery, StatusGradeMatrix, thisWeek } from '../../_lib/workbench';
import { Workbench, type Birthday } from './Workbench';

/** Up to this many of my customers are fetched and counted here; beyond it the API counts per status × grade. */
const PAGE = 500;

export default async function WorkbenchPage() {
  const from = '/workbench';
  const session = await requireSession(from);
  const me = [session.user.id];
  const { start, end } = thisWeek();

  const [mine, followUps, reminders] = await Promise.all([
    serverGql<{ customers: Connection<Customer> }>(MY_CUSTOMERS, { me, first: PAGE }, from),
    serverGql<{ activities: Connection<Activity> }>(FOLLOW_UPS, { me, from: dayjs().subtract(30, 'day').toISOString(), to: end.toISOString() }, from),
    serverGql<{ reminders: Reminder[] }>(REMINDERS, undefined, from),
  ]);

  const customers = mine.data?.customers;
  let matrix: StatusGradeMatrix | undefined;
  if (customers && customers.totalCount <= PAGE) {
    matrix = aggregate(customers.edges.map((e) => e.node));
  } else if (customers) {
    const totals = await serverGql<Record<string, { totalCount: number }>>(matrixQuery(), { me }, from);
    if (totals.data) matrix = matrixFromTotals(totals.data);
  }

  let birthdays: Birthday[] = [];
  let birthdaysLimited = false;
  const ids = customers?.edges.map((e) => e.node.id) ?? [];
  if (ids.length) {
    const contacts = await serverGql<{ contacts: Connection<Contact & { customer?: { id: string; name: string } }> }>(
      CONTACT_BIRTHDAYS, { customers: ids, first: PAGE }, from);
    const list = contacts.data?.contacts;
    birthdaysLimited = Boolean(list && (list.totalCount > PAGE || (customers?.totalCount ?? 0) > PAGE));
    birthdays = (list?.edges ?? [])
      .map(({ node }) => ({ node, on: birthdayThisWeek(node.birthday, start) }))
      .filter((b) => b.on)
      .sort((a, b) => a.on!.valueOf() - b.on!.valueOf())
      .map(({ node, on }) => ({ id: node.id, name: node.name ?? '', title: node.title ?? null, on: on!.format('YYYY-MM-DD'), customer: node.customer ?? null }));
  }

  return (
    <Workbench
      user={session.user}
      matrix={matrix}
      matrixError={mine.errors?.find((e) => e.extensions?.code !== 'FIELD_CLASSIFIED')}
      followUps={followUps.data?.activities ?? null}
      followUpsError={followUps.errors?.find((e) => e.extensions?.code !== 'FIELD_CLASSIFIED')}
      birthdays={birthdays}
      birthdaysLimited={birthdaysLimited ? PAGE : 0}
      reminders={{ items: reminders.data?.reminders ?? [], error: reminders.errors?.[0] }}
    />
  );
}
