import type { ConnectorExample } from '../../../sdk/types.js';

/** The population DB's SOAP operation called generically (a credential of type http whose baseUrl is the NGSP endpoint). */
const dancu = { path: '/ngsp/dancu', namespace: 'http://dancuquocgia.bca', operation: 'XacThucThongTinCongDan', requestIdParam: 'MaYeuCau' };
const header = { MaDVC: '1.001193', MaTichHop: '003', MaCanBo: '051085000111' };

export const examples: ConnectorExample[] = [
  { name: 'XacThucThongTinCongDan through the generic SOAP call', input: { ...dancu, params: { ...header, SoDinhDanh: '051090123456', HoVaTen: 'NGUYỄN VĂN AN', NgayThangNamSinh: { NgayThangNam: '19900512' } } },
    output: { response: { KetQuaXacThuc: { TonTai: 'true' } } } },
  { name: 'a SOAP Fault is a rejection with its code', input: { ...dancu, operation: 'TraCuuThongTinCongDan', params: { ...header, SoDinhDanh: '051090999999' } }, error: 'NOT_FOUND' },
];
