/** Shared set-up of the jsdom component suites: jest-dom matchers, browser APIs antd expects, providers. */
import '@testing-library/jest-dom';
import { act, fireEvent, render, RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Providers } from '../../web/app/_components/Providers';
import type { Locale } from '../../web/app/_i18n/messages';

if (typeof window !== 'undefined' && !window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false, media: query, onchange: null,
      addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false,
    }),
  });
}

// React's scheduler and antd's motion post through MessageChannel, which jsdom lacks.
if (typeof globalThis.MessageChannel === 'undefined') {
  type Port = { onmessage: ((e: { data: unknown }) => void) | null; postMessage(data: unknown): void; close(): void };
  class FakeChannel {
    port1: Port;
    port2: Port;
    constructor() {
      const port = (other: () => Port): Port => ({
        onmessage: null,
        postMessage: (data) => { setTimeout(() => other().onmessage?.({ data }), 0); },
        close() {},
      });
      this.port1 = port(() => this.port2);
      this.port2 = port(() => this.port1);
    }
  }
  (globalThis as unknown as { MessageChannel: unknown }).MessageChannel = FakeChannel;
}

// jsdom implements getComputedStyle without pseudo-elements (antd's Modal asks for the scrollbar's).
if (typeof window !== 'undefined') {
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => computed(element);
}

if (typeof globalThis.ResizeObserver === 'undefined') {
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

/** Renders inside the app's providers; `rerender` keeps them (so the component under test is updated, not remounted). */
export function renderUi(ui: ReactElement, locale: Locale = 'zh-CN'): RenderResult {
  return render(ui, { wrapper: ({ children }) => <Providers locale={locale}>{children}</Providers> });
}

/** A fetch stub answering /api/graphql calls with the given bodies, in order. */
export function stubGraphql(...bodies: unknown[]): jest.Mock {
  const queue = [...bodies];
  const mock = jest.fn(async () => ({ status: 200, json: async () => queue.shift() ?? { data: null } }));
  (globalThis as { fetch: unknown }).fetch = mock;
  return mock;
}

/** The variables of the n-th GraphQL call made through the stub. */
export const sentVariables = (mock: jest.Mock, n = 0) => JSON.parse(mock.mock.calls[n][1].body).variables;

type Answer = unknown | ((variables: Record<string, unknown>) => unknown);

/** The operation name of a GraphQL document (`query Users { … }` → `Users`). */
const operationOf = (query: string): string => /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '(anonymous)';

/**
 * A fetch stub answering /api/graphql calls by operation name: a body, or a function of the variables
 * (called per request, so a reload can answer differently). An operation without an answer fails the test.
 */
export function stubOperations(answers: Record<string, Answer>): jest.Mock {
  const mock = jest.fn(async (_url: string, init: { body: string }) => {
    const { query, variables } = JSON.parse(init.body) as { query: string; variables?: Record<string, unknown> };
    const name = operationOf(query);
    if (!(name in answers)) throw new Error(`unexpected GraphQL operation ${name}`);
    const answer = answers[name];
    const body = typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(variables ?? {}) : answer;
    return { status: 200, json: async () => body };
  });
  (globalThis as { fetch: unknown }).fetch = mock;
  return mock;
}

/** The variables of every call of one operation made through a stub, in order. */
export const callsOf = (mock: jest.Mock, operation: string): Array<Record<string, unknown>> =>
  mock.mock.calls
    .map(([, init]) => JSON.parse(init.body) as { query: string; variables?: Record<string, unknown> })
    .filter((b) => operationOf(b.query) === operation)
    .map((b) => b.variables ?? {});

/** Opens an antd Select (the element carrying its test id, or its combobox input, e.g. a form field's id) and returns its dropdown. */
export async function openSelect(select: HTMLElement): Promise<HTMLElement> {
  const combobox = select.matches('[role=combobox]') ? select : select.querySelector('[role=combobox]')!;
  await act(async () => { fireEvent.mouseDown(combobox); });
  const open = [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')];
  return open[open.length - 1];
}

/** The titles (labels) of a dropdown's options. */
export const optionTitles = (dropdown: HTMLElement): Array<string | null> =>
  [...dropdown.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title'));

/** Opens a Select and clicks the option with this title. */
export async function pick(select: HTMLElement, title: string): Promise<void> {
  const dropdown = await openSelect(select);
  const option = [...dropdown.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.getAttribute('title') === title);
  if (!option) throw new Error(`no option "${title}" in ${JSON.stringify(optionTitles(dropdown))}`);
  await act(async () => { fireEvent.click(option); });
}
