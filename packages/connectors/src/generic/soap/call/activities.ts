import { XMLParser } from 'fast-xml-parser';
import { LtError } from '@lienthong/errors';
import { classifyStatus, excerpt, shapeExcerpt } from '../../../sdk/http.js';
import { field, operation } from '../../../sdk/operation.js';
import { authenticate } from '../../http/auth.js';
import { applyWsSecurity, wsSecurityFault } from '../wssecurity.js';
import { manifest } from './manifest.js';

interface Input { path: string; namespace: string; operation: string; soapAction?: string; params: Record<string, unknown>; requestIdParam?: string; transientFaults?: string[]; timeoutMs?: number }

const SYSTEM = 'SOAP';
const parser = new XMLParser({ ignoreDeclaration: true, removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
const esc = (s: string) => s.normalize('NFC').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** JSON → elements in the service namespace (prefix "ns"): objects nest, arrays repeat, null is empty. */
function toXml(name: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => toXml(name, x)).join('');
  if (v === null || v === undefined) return `<ns:${name}/>`;
  if (typeof v === 'object') return `<ns:${name}>${Object.entries(v).map(([k, x]) => toXml(k, x)).join('')}</ns:${name}>`;
  return `<ns:${name}>${esc(String(v))}</ns:${name}>`;
}

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const params = input.requestIdParam ? { [input.requestIdParam]: key, ...input.params } : input.params;
  const envelope = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${esc(input.namespace)}">`
    + `<soapenv:Header/><soapenv:Body>${toXml(input.operation, params)}</soapenv:Body></soapenv:Envelope>`;
  // WS-Security where the connection says so (a fresh nonce, timestamp and signature per attempt).
  const body = applyWsSecurity(envelope, credential, deps.clock());
  const url = `${field(credential, 'baseUrl').replace(/\/+$/, '')}${input.path}`;
  const signed = await authenticate(deps, credential, SYSTEM, { method: 'POST', url, body });
  const res = await deps.http.request({ method: 'POST', url: signed.url, body, timeoutMs: input.timeoutMs ?? 20_000,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: input.soapAction ?? `${input.namespace}/${input.operation}`, 'idempotency-key': key, ...signed.headers } });
  let doc: { Envelope?: { Body?: Record<string, unknown> } } | undefined;
  try {
    doc = parser.parse(res.body.replace(/^\uFEFF/, ''), true) as typeof doc;
  } catch {
    doc = undefined;
  }
  const soapBody = doc?.Envelope?.Body;
  // A SOAP Fault says more than the HTTP status (SOAP 1.1 sends faults as HTTP 500).
  const fault = soapBody?.Fault as { faultcode?: string; faultstring?: string; detail?: Record<string, unknown> } | undefined;
  if (fault) {
    const security = wsSecurityFault(fault.faultcode, SYSTEM);
    if (security) throw security;
    const detailCode = fault.detail && typeof fault.detail.ErrorCode === 'string' ? fault.detail.ErrorCode : undefined;
    const code = detailCode ?? fault.faultstring ?? fault.faultcode ?? 'FAULT';
    if ((input.transientFaults ?? ['UNAVAILABLE', 'RATE_LIMITED']).includes(code)) throw new LtError('CONNECTOR_UNAVAILABLE', { system: SYSTEM, httpStatus: res.status, detail: code });
    throw new LtError('CONNECTOR_REJECTED', { system: SYSTEM, remoteCode: code, detail: excerpt(typeof fault.detail?.Message === 'string' ? fault.detail.Message : fault.faultstring ?? '') });
  }
  const statusError = classifyStatus(SYSTEM, res, deps.clock());
  if (statusError) throw statusError;
  if (!soapBody) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: `not a SOAP envelope: ${shapeExcerpt(res.body)}` });
  const response = soapBody[`${input.operation}Response`] ?? Object.values(soapBody)[0];
  if (!response || typeof response !== 'object') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: `missing ${input.operation}Response` });
  return { response };
});
