import { XMLParser } from 'fast-xml-parser';
import { LtError } from '@lienthong/errors';
import { classifyStatus, shapeExcerpt } from '../../sdk/http.js';
import { outboundKey } from '../../sdk/idempotency.js';
import type { ConnectorDeps, Credential } from '../../sdk/types.js';

export const SYSTEM = 'CSDLQG-DC';
const NS = 'http://dancuquocgia.bca';
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** MaYeuCau: derived from the step's idempotency key, so a retried step is the same request. */
export const requestIdFrom = (idempotencyKey: string): string => outboundKey(idempotencyKey);

export interface PopulationHeader {
  requestId: string;
  purpose: string;
  officerId: string;
  citizenId: string;
}

export function birthDateXml(birthDate: string | undefined): string {
  if (!birthDate) return '';
  return birthDate.length === 4
    ? `<dan:NgayThangNamSinh><dan:Nam>${esc(birthDate)}</dan:Nam></dan:NgayThangNamSinh>`
    : `<dan:NgayThangNamSinh><dan:NgayThangNam>${esc(birthDate)}</dan:NgayThangNam></dan:NgayThangNamSinh>`;
}

/** Sends one SOAP operation and returns the parsed response element, or throws a classified LtError. */
export async function callPopulation(deps: ConnectorDeps, cred: Credential, op: string, h: PopulationHeader, extraXml: string, timeoutMs: number): Promise<Record<string, unknown>> {
  if (typeof cred.baseUrl !== 'string') throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: 'baseUrl' });
  const xml = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="${NS}"><soapenv:Header/><soapenv:Body><dan:${op}>` +
    `<dan:MaYeuCau>${esc(h.requestId)}</dan:MaYeuCau><dan:MaDVC>${esc(h.purpose)}</dan:MaDVC><dan:MaTichHop>${esc(String(cred.integrationCode ?? ''))}</dan:MaTichHop>` +
    `<dan:MaCanBo>${esc(h.officerId)}</dan:MaCanBo><dan:SoDinhDanh>${esc(h.citizenId)}</dan:SoDinhDanh>${extraXml}</dan:${op}></soapenv:Body></soapenv:Envelope>`;
  const res = await deps.http.request({ method: 'POST', url: `${cred.baseUrl}/ngsp/dancu`, timeoutMs,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `${NS}/${op}`, 'idempotency-key': h.requestId }, body: xml });
  let doc: { Envelope?: { Body?: Record<string, unknown> } };
  try {
    doc = parser.parse(res.body.replace(/^\uFEFF/, ''), true) as typeof doc;
  } catch {
    const statusError = classifyStatus(SYSTEM, res, deps.clock());
    if (statusError) throw statusError;
    throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: `unparseable XML: ${shapeExcerpt(res.body)}` });
  }
  const body = doc.Envelope?.Body;
  const fault = body?.Fault as { faultstring?: string; detail?: { ErrorCode?: string; Message?: string } } | undefined;
  if (fault) {
    const code = fault.detail?.ErrorCode ?? fault.faultstring ?? 'FAULT';
    if (code === 'RATE_LIMITED' || code === 'UNAVAILABLE') throw new LtError(code === 'RATE_LIMITED' ? 'CONNECTOR_RATE_LIMITED' : 'CONNECTOR_UNAVAILABLE', { system: SYSTEM, httpStatus: res.status, retryAfterMs: 1000 });
    throw new LtError('CONNECTOR_REJECTED', { system: SYSTEM, remoteCode: code, detail: fault.detail?.Message ?? '' });
  }
  const statusError = classifyStatus(SYSTEM, res, deps.clock());
  if (statusError) throw statusError;
  const out = body?.[`${op}Response`];
  if (!out || typeof out !== 'object') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: `missing ${op}Response: ${shapeExcerpt(res.body)}` });
  return out as Record<string, unknown>;
}
