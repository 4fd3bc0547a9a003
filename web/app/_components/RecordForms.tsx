'use client';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, DatePicker, Form, FormInstance, Input, Row, Select, Switch, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../_i18n/client';
import type { MessageKey } from '../_i18n/messages';
import { enumOptions, SUGGESTIONS } from '../_lib/enums';
import { lockOf } from '../_lib/errors';
import type { Contact, FieldAccess } from '../_lib/types';
import { FieldLock } from './FieldLock';
import { LineValues, lineEstimate, orderEstimate } from './record-kinds';
import type { FormValues } from './RecordModal';

type Locked = { fieldAccess?: FieldAccess[] | null } | undefined;

interface ItemProps {
  name: string;
  label: MessageKey;
  record: Locked;
  span?: number;
  required?: boolean;
  valuePropName?: string;
  children: ReactNode;
}

/** A form item, or the field's lock when the API withholds it (writing a field needs the right to read it). */
function Item({ name, label, record, span = 12, required, valuePropName, children }: ItemProps) {
  const t = useT();
  const lock = record ? lockOf(record as object, name) : undefined;
  return (
    <Col xs={24} md={span}>
      {lock ? (
        <Form.Item label={t(label)}><FieldLock access={lock} /></Form.Item>
      ) : (
        <Form.Item name={name} label={t(label)} valuePropName={valuePropName}
          rules={required ? [{ required: true, message: `${t(label)}?` }] : undefined}>
          {children}
        </Form.Item>
      )}
    </Col>
  );
}

const contactOptions = (contacts: Contact[]) =>
  contacts.filter((c) => c.name).map((c) => ({ value: c.id, label: `${c.name}${c.title ? ` · ${c.title}` : ''}` }));

export function ContactFields({ record }: { record?: Contact }) {
  const t = useT();
  return (
    <Row gutter={16}>
      <Item name="name" label="f.contactName" record={record} required><Input /></Item>
      <Item name="salutation" label="f.salutation" record={record}><Input /></Item>
      <Item name="department" label="f.contactDepartment" record={record}><Input /></Item>
      <Item name="title" label="f.title" record={record}><Input /></Item>
      <Item name="mobile" label="f.mobile" record={record}><Input /></Item>
      <Item name="officePhone" label="f.officePhone" record={record}><Input /></Item>
      <Item name="email" label="f.email" record={record}><Input /></Item>
      <Item name="birthday" label="f.birthday" record={record}><DatePicker style={{ width: '100%' }} /></Item>
      <Item name="homePhone" label="f.homePhone" record={record}><Input /></Item>
      <Item name="decisionInfluence" label="f.decisionInfluence" record={record}><Select allowClear options={enumOptions(t, 'influence')} /></Item>
      <Item name="homeAddress" label="f.homeAddress" record={record} span={24}><Input /></Item>
      <Item name="hobbies" label="f.hobbies" record={record}><Input /></Item>
      <Item name="importantDates" label="f.importantDates" record={record}><Input /></Item>
      <Item name="isPrimary" label="f.isPrimary" record={record} span={8} valuePropName="checked"><Switch /></Item>
      <Item name="receiveEmail" label="f.receiveEmail" record={record} span={8} valuePropName="checked"><Switch /></Item>
      <Item name="receiveSms" label="f.receiveSms" record={record} span={8} valuePropName="checked"><Switch /></Item>
      <Item name="notes" label="f.notes" record={record} span={24}><Input.TextArea rows={2} /></Item>
    </Row>
  );
}

const METHODS = ['面谈', '电话', '微信', '电子邮件', '视频会议', '邮寄'];

export function ActivityFields({ record, contacts }: { record?: Locked; contacts: Contact[] }) {
  const t = useT();
  return (
    <Row gutter={16}>
      <Item name="type" label="f.activityType" record={record} required><Select options={enumOptions(t, 'activityType')} /></Item>
      <Item name="occurredAt" label="f.occurredAt" record={record} required>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Item>
      <Item name="contactId" label="f.contact" record={record}><Select allowClear options={contactOptions(contacts)} /></Item>
      <Item name="method" label="f.method" record={record}><AutoComplete allowClear options={METHODS.map((value) => ({ value }))} /></Item>
      <Item name="subject" label="f.subject" record={record} span={24} required><Input /></Item>
      <Item name="content" label="f.content" record={record} span={24}><Input.TextArea rows={4} /></Item>
      <Item name="outcome" label="f.outcome" record={record}><Input /></Item>
      <Item name="nextFollowUpAt" label="f.nextFollowUpAt" record={record}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Item>
    </Row>
  );
}

const money = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Order header and lines; the total is estimated live in the browser, the server computes the real amount. */
export function OrderFields({ form, record, contacts }: { form: FormInstance<FormValues>; record?: Locked; contacts: Contact[] }) {
  const t = useT();
  const lines = Form.useWatch('lines', form) as LineValues[] | undefined;
  const currency = (Form.useWatch('currency', form) as string | undefined) ?? 'CNY';
  const linesLock = record ? lockOf(record as object, 'lines') : undefined;
  return (
    <>
      <Row gutter={16}>
        <Item name="orderNo" label="f.orderNo" record={record} span={8}><Input placeholder="—" /></Item>
        <Item name="orderDate" label="f.orderDate" record={record} span={8} required><DatePicker style={{ width: '100%' }} /></Item>
        <Item name="status" label="f.orderStatus" record={record} span={8}><Select options={enumOptions(t, 'orderStatus')} /></Item>
        <Item name="contactId" label="f.contact" record={record} span={8}><Select allowClear options={contactOptions(contacts)} /></Item>
        <Item name="currency" label="f.currency" record={record} span={8}><AutoComplete options={SUGGESTIONS.currency.map((value) => ({ value }))} /></Item>
        <Item name="dueDate" label="f.dueDate" record={record} span={8}><DatePicker style={{ width: '100%' }} /></Item>
        <Item name="receivedAmount" label="f.receivedAmount" record={record} span={8}><Input inputMode="decimal" /></Item>
        <Item name="invoiced" label="f.invoiced" record={record} span={8} valuePropName="checked"><Switch /></Item>
        <Item name="notes" label="f.notes" record={record} span={24}><Input.TextArea rows={2} /></Item>
      </Row>
      <Typography.Title level={5}>{t('order.lines')}</Typography.Title>
      {linesLock ? <FieldLock access={linesLock} /> : (
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small" pagination={false} rowKey="key" dataSource={fields} data-testid="order-lines"
                columns={[
                  { title: t('f.product'), render: (_, f) => <Form.Item name={[f.name, 'product']} rules={[{ required: true, message: `${t('f.product')}?` }]} noStyle={false} style={{ margin: 0 }}><Input /></Form.Item> },
                  { title: t('f.model'), width: 110, render: (_, f) => <Form.Item name={[f.name, 'model']} style={{ margin: 0 }}><Input /></Form.Item> },
                  { title: t('f.quantity'), width: 90, render: (_, f) => <Form.Item name={[f.name, 'quantity']} rules={[{ required: true, message: '?' }]} style={{ margin: 0 }}><Input inputMode="decimal" /></Form.Item> },
                  { title: t('f.unit'), width: 70, render: (_, f) => <Form.Item name={[f.name, 'unit']} style={{ margin: 0 }}><Input /></Form.Item> },
                  { title: t('f.unitPrice'), width: 110, render: (_, f) => <Form.Item name={[f.name, 'unitPrice']} rules={[{ required: true, message: '?' }]} style={{ margin: 0 }}><Input inputMode="decimal" /></Form.Item> },
                  { title: `${t('f.discount')} %`, width: 80, render: (_, f) => <Form.Item name={[f.name, 'discount']} style={{ margin: 0 }}><Input inputMode="decimal" /></Form.Item> },
                  { title: t('order.lineAmount'), width: 110, align: 'right', render: (_, f) => <span data-testid="line-estimate">{money(lineEstimate(lines?.[f.name]))}</span> },
                  { width: 40, render: (_, f) => <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label={t('common.delete')} /> },
                ]}
              />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: '1' })} style={{ marginTop: 8 }}>{t('order.addLine')}</Button>
            </>
          )}
        </Form.List>
      )}
      <div style={{ textAlign: 'right', marginTop: 12 }}>
        <Typography.Text strong>{t('order.estimate')}: </Typography.Text>
        <Typography.Text strong data-testid="order-estimate">{currency} {money(orderEstimate(lines))}</Typography.Text>
        <div><Typography.Text type="secondary">{t('order.estimateNote')}</Typography.Text></div>
      </div>
    </>
  );
}
