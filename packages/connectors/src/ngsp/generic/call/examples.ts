import type { ConnectorExample } from '../../../sdk/types.js';

export const examples: ConnectorExample[] = [
  { name: 'DVCQG: get a procedure (LayThuTuc)', input: { dstcode: 'VN:GOV:000.00.00.G22:vpcpdvcprovider', path: 'LayThuTuc', body: { service: 'LayThuTuc', maTTHC: '1.001193' } },
    output: { status: 200, body: { error_code: '00', data: { TenTTHC: 'Đăng ký khai sinh' } } } },
  { name: 'another province\'s LGSP: dossier status', input: { dstcode: 'VN:GOV:000.00.00.H41:lgspnghean', path: 'hoso/tracuu', body: { mahoso: '000.00.00.H41-260110-0012' } },
    output: { body: { data: { trangthai: '4' } } } },
  { name: 'unknown procedure is a business rejection', input: { dstcode: 'VN:GOV:000.00.00.G22:vpcpdvcprovider', path: 'LayThuTuc', body: { service: 'LayThuTuc', maTTHC: '9.999999' } }, error: '03' },
  { name: 'unknown service code', input: { dstcode: 'VN:GOV:000.00.00.G99:khongco', path: 'x', body: {} }, error: '404' },
];
