import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'GET with a query (no authentication)', input: { method: 'GET', path: '/echo/open/items', query: { page: '2' } }, output: { status: 200, body: { method: 'GET', query: { page: '2' } } } },
  { name: 'POST JSON', input: { method: 'POST', path: '/echo/open/dossiers', bodyType: 'json', body: { maHoSo: '000.25.94.H48-260115-0007', trangThai: 2 } }, output: { body: { contentType: 'application/json', body: { trangThai: 2 } } } },
  { name: 'POST a form', input: { method: 'POST', path: '/echo/open/form', bodyType: 'form', body: { hoTen: 'Trần Thị Bích Ngọc', kenh: 'counter' } }, output: { body: { contentType: 'application/x-www-form-urlencoded', body: { hoTen: 'Trần Thị Bích Ngọc' } } } },
  { name: 'POST XML, reply in XML', input: { method: 'POST', path: '/echo/open/xml', bodyType: 'xml', body: '<HoSo><MaHoSo>000.25.94.H48-260115-0007</MaHoSo></HoSo>', responseType: 'xml' }, output: { contentType: 'application/xml', body: { EchoResponse: { body: { HoSo: { MaHoSo: '000.25.94.H48-260115-0007' } } } } } },
  { name: 'a 4xx business rejection keeps the remote code', input: { method: 'POST', path: '/echo/open/reject', bodyType: 'json', body: {} }, error: 'INVALID_REQUEST' },
];
