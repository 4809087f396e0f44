// Shared inputs of the benchmarks.
import { readFileSync } from 'node:fs';

export const EXAMPLE_FLOW = JSON.parse(readFileSync(new URL('../examples/xac-thuc-cong-dan.json', import.meta.url), 'utf8'));
export const FLOW_KEY = 'xac-thuc-cong-dan';

/** A valid citizen-verification request; `i` varies the dossier number so requests differ. */
export function lookupInput(i = 0) {
  return {
    dossierNo: `000.25.94.H48-260115-${String(i % 10_000).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
    applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
  };
}

/** The SOAP request the connector sends for one verification (for the direct-call baseline). */
export function populationSoap(requestId) {
  const NS = 'http://dancuquocgia.bca';
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="${NS}"><soapenv:Header/><soapenv:Body><dan:XacThucThongTinCongDan>` +
    `<dan:MaYeuCau>${requestId}</dan:MaYeuCau><dan:MaDVC>1.001193</dan:MaDVC><dan:MaTichHop>003</dan:MaTichHop><dan:MaCanBo>051085000111</dan:MaCanBo><dan:SoDinhDanh>051090123456</dan:SoDinhDanh>` +
    '<dan:HoVaTen>NGUYỄN VĂN AN</dan:HoVaTen><dan:NgayThangNamSinh><dan:NgayThangNam>19900512</dan:NgayThangNam></dan:NgayThangNamSinh></dan:XacThucThongTinCongDan></soapenv:Body></soapenv:Envelope>';
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
