/** Lower case without diacritics, so "xac thuc" finds "Xác thực" and "đ" matches "d". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
