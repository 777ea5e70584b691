// The parts of undici the client uses, loaded one by one instead of through undici's index, which also loads
// fetch, WebSocket, EventSource, the HTTP cache and the mock agents. Every CLI process and every activation
// parses what it loads: this keeps about a third of the bundle out (see `npm run bench`, "CLI start").
// The types are undici's own; only the loading differs. undici 7 has no `exports` map, so these paths resolve.
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const DispatcherBase: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
const api: Record<string, unknown> = require('undici/lib/api');
// undici's index does exactly this: the request API lives on every dispatcher.
Object.assign(DispatcherBase.prototype, api);

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export type Agent = Undici.Agent;
export type Dispatcher = Undici.Dispatcher;

// Proxies are rare: load their code only when one is configured.
export const loadProxyAgents = (): { ProxyAgent: typeof Undici.ProxyAgent; EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent } => ({
  ProxyAgent: require('undici/lib/dispatcher/proxy-agent'),
  EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
});
