import { describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { convert, detectFormat, edxmlToJson, jsonToEdxml, sniffFormat } from './transform.js';

const info = { exchangeId: 'ex-1', fromAgency: 'G01.001', toAgency: 'G01.002', subject: 'Hồ sơ <số 1> & "kèm"', at: new Date('2026-12-06T00:00:00Z') };
const json = Buffer.from(JSON.stringify({ hoSo: 'Đăng ký kinh doanh', soTrang: 12 }), 'utf8');

describe('exchange format detection', () => {
  it('tells JSON, edXML, other XML and binary apart by looking at the bytes', () => {
    expect(detectFormat(json)).toBe('json');
    expect(detectFormat(Buffer.from('\uFEFF  [1,2]'))).toBe('json');
    expect(detectFormat(jsonToEdxml(json, info))).toBe('edxml');
    expect(detectFormat(Buffer.from('<?xml version="1.0"?><HoSo/>'))).toBe('xml');
    expect(detectFormat(Buffer.from('{not json'))).toBe('binary');
    expect(detectFormat(Buffer.from([0xff, 0xfe, 0x00, 0x81]))).toBe('binary');
    expect(detectFormat(Buffer.from('plain text'))).toBe('binary');
  });

  it('guesses from the opening bytes of a stream without needing the whole document', () => {
    expect(sniffFormat(Buffer.from('{"hoSo": "chưa hết'))).toBe('json');
    expect(sniffFormat(Buffer.from('<edXMLEnvelope xmlns="x">'))).toBe('edxml');
    expect(sniffFormat(Buffer.from('<HoSo>'))).toBe('xml');
    expect(sniffFormat(Buffer.from([0x00, 0x01]))).toBe('binary');
  });
});

describe('exchange conversion', () => {
  it('JSON → edXML → JSON gives the very same bytes back, with the header fields escaped', () => {
    const out = convert(json, 'json', 'edxml', info, true);
    expect(out).toMatchObject({ format: 'edxml', transformed: true });
    const xml = out.bytes.toString('utf8');
    expect(xml).toContain('<Subject>Hồ sơ &lt;số 1&gt; &amp; &quot;kèm&quot;</Subject>');
    expect(xml).toContain('<OrganId>G01.002</OrganId>');
    const back = convert(out.bytes, 'edxml', 'json', info, true);
    expect(back).toMatchObject({ format: 'json', transformed: true });
    expect(back.bytes.equals(json)).toBe(true);
  });

  it('an edXML without a JSON attachment becomes its header fields as JSON', () => {
    const xml = Buffer.from('<edXMLEnvelope><Subject>Công văn</Subject><DocumentId>D1</DocumentId><OrganId>G01</OrganId></edXMLEnvelope>');
    expect(JSON.parse(edxmlToJson(xml).toString('utf8'))).toEqual({ format: 'edxml', subject: 'Công văn', documentId: 'D1', from: 'G01', attachments: [] });
  });

  it('passes content through untouched when the policy forbids converting, the form already fits, or binary is asked for', () => {
    for (const [from, to, allowed] of [['json', 'edxml', false], ['json', 'json', true], ['xml', 'binary', true], ['edxml', 'xml', true]] as const) {
      const out = convert(json, from, to, info, allowed);
      expect(out.transformed).toBe(false);
      expect(out.bytes).toBe(json);
    }
  });

  it('refuses a conversion it has no converter for, with a coded error', () => {
    try {
      convert(Buffer.from('<HoSo/>'), 'xml', 'json', info, true);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LtError);
      expect((e as LtError).code).toBe('EXCHANGE_TRANSFORM_FAILED');
    }
  });
});
