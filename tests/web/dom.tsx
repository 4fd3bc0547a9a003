/** Shared set-up of the jsdom component suites: jest-dom matchers, browser APIs antd expects, providers. */
import '@testing-library/jest-dom';
import { render, RenderResult } from '@testing-library/react';
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

export function renderUi(ui: ReactElement, locale: Locale = 'zh-CN'): RenderResult {
  return render(<Providers locale={locale}>{ui}</Providers>);
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
