import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { citizens, findCitizen, fullName, type Citizen } from '../data.js';
import { encodeBody } from '../respond.js';
import type { SimRoute } from '../server.js';

/**
 * National population DB (CSDLQG về dân cư) over SOAP, namespace http://dancuquocgia.bca
 * (shared/DOMAIN.md §6.3). Operations: XacThucThongTinCongDan, TraCuuThongTinCongDan.
 */
export const POPULATION_PATH = '/ngsp/dancu';
const NS = 'http://dancuquocgia.bca';

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ suppressEmptyNode: true });

type Body = Record<string, Record<string, unknown> | undefined>;

function bodyOf(xml: string): Body {
  const doc = parser.parse(xml) as { Envelope?: { Body?: Body } };
  const body = doc.Envelope?.Body;
  if (!body || typeof body !== 'object') throw new Error('not a SOAP envelope');
  return body;
}

export function populationOperation(_req: IncomingMessage, xml: string): string {
  try {
    return `population.${Object.keys(bodyOf(xml))[0] ?? 'unknown'}`;
  } catch {
    return 'population.unknown';
  }
}

const envelope = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="${NS}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;

export function soapFault(res: ServerResponse, status: number, code: string, text: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(envelope(`<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${code}</faultstring><detail><dan:ErrorCode>${code}</dan:ErrorCode><dan:Message>${text}</dan:Message></detail></soapenv:Fault>`));
}

const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');

function dobMatches(c: Citizen, dob: Record<string, unknown> | undefined): boolean {
  if (!dob) return true;
  const full = typeof dob.NgayThangNam === 'string' ? dob.NgayThangNam : undefined;
  const year = typeof dob.Nam === 'string' ? dob.Nam : undefined;
  if (full) return c.NgayThangNamSinh.NgayThangNam === full;
  if (year) return (c.NgayThangNamSinh.Nam ?? c.NgayThangNamSinh.NgayThangNam?.slice(0, 4)) === year;
  return true;
}

function send(res: ServerResponse, xml: string, malformed: boolean): void {
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
  const text = encodeBody(res, xml);
  res.end(malformed ? text.slice(0, Math.floor(text.length / 2)) : text);
}

const REQUIRED = ['MaYeuCau', 'MaDVC', 'MaTichHop', 'MaCanBo', 'SoDinhDanh'] as const;

async function handle(_req: IncomingMessage, xml: string, res: ServerResponse & { ltMalformed?: boolean }, ctx: { counters: { apply(op: string, key: string): boolean } }): Promise<void> {
  let body: Body;
  try {
    body = bodyOf(xml);
  } catch {
    return soapFault(res, 400, 'INVALID_INPUT', 'Yêu cầu không phải SOAP hợp lệ');
  }
  const [op, req] = Object.entries(body)[0] ?? [];
  if (!op || !req) return soapFault(res, 400, 'INVALID_INPUT', 'Thiếu thao tác');
  for (const f of REQUIRED) {
    if (typeof req[f] !== 'string' || req[f] === '') return soapFault(res, 400, 'INVALID_INPUT', `Thiếu trường ${f}`);
  }
  const id = req.SoDinhDanh as string;
  if (!/^\d{12}$/.test(id)) return soapFault(res, 400, 'INVALID_INPUT', 'SoDinhDanh phải có 12 chữ số');
  ctx.counters.apply(`population.${op}`, req.MaYeuCau as string);
  const citizen = findCitizen(id);
  const malformed = res.ltMalformed === true;
  if (op === 'XacThucThongTinCongDan') {
    const name = typeof req.HoVaTen === 'string' ? req.HoVaTen : '';
    const ok = !!citizen && norm(fullName(citizen)) === norm(name) && dobMatches(citizen, req.NgayThangNamSinh as Record<string, unknown> | undefined);
    return send(res, envelope(`<dan:XacThucThongTinCongDanResponse><dan:MaYeuCau>${String(req.MaYeuCau)}</dan:MaYeuCau><dan:KetQuaXacThuc><dan:TonTai>${ok}</dan:TonTai></dan:KetQuaXacThuc></dan:XacThucThongTinCongDanResponse>`), malformed);
  }
  if (op === 'TraCuuThongTinCongDan') {
    if (!citizen) return soapFault(res, 404, 'NOT_FOUND', 'Không tìm thấy công dân');
    const record = builder.build({ ThongTinCongDan: citizen }) as string;
    return send(res, envelope(`<dan:TraCuuThongTinCongDanResponse><dan:MaYeuCau>${String(req.MaYeuCau)}</dan:MaYeuCau>${record}</dan:TraCuuThongTinCongDanResponse>`), malformed);
  }
  return soapFault(res, 400, 'INVALID_INPUT', `Thao tác không hỗ trợ: ${op}`);
}

export const populationRoutes: SimRoute[] = [
  { method: 'POST', path: POPULATION_PATH, operation: populationOperation, handler: handle },
  { method: 'GET', path: `${POPULATION_PATH}/wsdl`, operation: 'population.wsdl', handler: (_q, _b, res) => { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(`<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="${NS}"><!-- XacThucThongTinCongDan, TraCuuThongTinCongDan --></definitions>`); } },
];

export const knownCitizenIds = citizens.map((c) => c.SoDinhDanh);
