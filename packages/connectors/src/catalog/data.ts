/**
 * Shared catalogs (danh mục dùng chung), DOMAIN §5.4 and §8, as pure data (browser-safe).
 * Entry shape: {catalog, system, version, items:[{code, name, validFrom?, validTo?}], mappings:[{targetSystem, from, to}]}.
 * A mapping to the pseudo-system "ten" gives the name; from "ten" reads a name back (NFC, case-insensitive).
 * Tags as in DOMAIN: [PUB] verify before production, [ASM] assumption, [FICT] test data.
 */
export interface CatalogItem { code: string; name: string; validFrom?: string; validTo?: string }
export interface CatalogEntry {
  catalog: string;
  system: string;
  version: string;
  items: CatalogItem[];
  mappings: { targetSystem: string; from: string; to: string }[];
}

/** Current commune-level units used in tests (QĐ 19/2025 codes [PUB], 91xxx / 92xxx [FICT]). */
const communes2025: CatalogItem[] = [
  ['21025', 'Phường Cẩm Thành'], ['21028', 'Phường Nghĩa Lộ'], ['21172', 'Phường Trương Quang Trọng'], ['21439', 'Phường Đức Phổ'], ['21451', 'Phường Trà Câu'],
  ['91001', 'Đặc khu Lý Sơn'], ['91002', 'Xã Bình Sơn'], ['91003', 'Xã Tịnh Khê'], ['91004', 'Phường Kon Tum'], ['91005', 'Xã Măng Đen'],
  ['28756', 'Phường Phú Khương'], ['28777', 'Phường An Hội'], ['28783', 'Phường Sơn Đông'], ['28789', 'Phường Bến Tre'], ['28858', 'Phường Phú Tân'],
  ['92001', 'Phường Long Châu'], ['92002', 'Phường Thanh Đức'], ['92003', 'Phường Phước Hậu'],
].map(([code, name]) => ({ code: code as string, name: name as string, validFrom: '2025-07-01' }));

export const catalogs: readonly CatalogEntry[] = [
  {
    // [PUB subset; verify the full 54-code list]
    catalog: 'ethnicity', system: 'csdlqg-dc', version: '2025.1',
    items: [['01', 'Kinh'], ['04', 'Hoa'], ['05', 'Khmer'], ['13', 'Ba Na'], ['14', 'Xơ Đăng'], ['19', 'Hrê'], ['26', 'Cơ Tu'], ['30', 'Co']].map(([code, name]) => ({ code: code as string, name: name as string })),
    mappings: [],
  },
  {
    // 1/2 in the population DB, M/F on forms, 1/0 (male/female, no "unknown") in one sector system [ASM].
    catalog: 'sex', system: 'csdlqg-dc', version: '2025.1',
    items: [{ code: '1', name: 'Nam' }, { code: '2', name: 'Nữ' }, { code: '0', name: 'Chưa xác định' }],
    mappings: [
      { targetSystem: 'mf', from: '1', to: 'M' }, { targetSystem: 'mf', from: '2', to: 'F' }, { targetSystem: 'mf', from: '0', to: 'U' },
      { targetSystem: 'bhxh', from: '1', to: '1' }, { targetSystem: 'bhxh', from: '2', to: '0' },
    ],
  },
  {
    catalog: 'sex', system: 'mf', version: '2025.1',
    items: [{ code: 'M', name: 'Nam' }, { code: 'F', name: 'Nữ' }, { code: 'U', name: 'Chưa xác định' }],
    mappings: [{ targetSystem: 'csdlqg-dc', from: 'M', to: '1' }, { targetSystem: 'csdlqg-dc', from: 'F', to: '2' }, { targetSystem: 'csdlqg-dc', from: 'U', to: '0' }],
  },
  {
    // [ASM] codes of TinhTrangHonNhan in the population DB.
    catalog: 'marital-status', system: 'csdlqg-dc', version: '2025.1',
    items: [{ code: '1', name: 'Chưa kết hôn' }, { code: '2', name: 'Đã kết hôn' }, { code: '3', name: 'Ly hôn' }, { code: '4', name: 'Góa' }],
    mappings: [],
  },
  {
    // DVCQG TrangThaiHoSo [ASM: commonly used, not checked against the spec].
    catalog: 'dossier-status', system: 'dvcqg', version: '2025.1',
    items: [['1', 'Mới'], ['2', 'Đã tiếp nhận'], ['3', 'Không tiếp nhận'], ['4', 'Đang xử lý'], ['5', 'Yêu cầu bổ sung'], ['6', 'Thực hiện nghĩa vụ tài chính'],
      ['7', 'Công dân rút hồ sơ'], ['8', 'Dừng xử lý'], ['9', 'Đã xử lý'], ['10', 'Đã trả kết quả']].map(([code, name]) => ({ code: code as string, name: name as string })),
    mappings: [],
  },
  { catalog: 'commune', system: 'dvhc-2025', version: '2025.07', items: communes2025, mappings: [] },
  {
    // Old → new transition table [FICT codes except where DOMAIN §8 gives them]. Mostly many-to-one; 21100 was split.
    catalog: 'commune', system: 'dvhc-2024', version: '2025.07',
    items: [['28990', 'Xã Sơn Phú (cũ)'], ['21001', 'Phường Lê Hồng Phong (cũ)'], ['21004', 'Phường Trần Phú (cũ)'], ['21007', 'Phường Nguyễn Nghiêm (cũ)'], ['21010', 'Phường Nghĩa Chánh (cũ)'], ['21505', 'Xã An Vĩnh (cũ)'], ['21100', 'Xã Tịnh Ấn Tây (cũ)']]
      .map(([code, name]) => ({ code: code as string, name: name as string, validTo: '2025-06-30' })),
    mappings: [
      { targetSystem: 'dvhc-2025', from: '28990', to: '92001' },
      { targetSystem: 'dvhc-2025', from: '21001', to: '21025' }, { targetSystem: 'dvhc-2025', from: '21004', to: '21025' }, { targetSystem: 'dvhc-2025', from: '21007', to: '21025' },
      { targetSystem: 'dvhc-2025', from: '21010', to: '21028' },
      { targetSystem: 'dvhc-2025', from: '21505', to: '91001' },
      { targetSystem: 'dvhc-2025', from: '21100', to: '21172' }, { targetSystem: 'dvhc-2025', from: '21100', to: '91003' },
    ],
  },
];

export const catalogNames = [...new Set(catalogs.map((c) => c.catalog))];
