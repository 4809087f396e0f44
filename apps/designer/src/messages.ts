/** Every label in the UI, Vietnamese first. */
export const messages = {
  vi: { title: 'Liên Thông — Trình thiết kế luồng', flows: 'Các luồng', version: 'Phiên bản', empty: 'Chưa có luồng nào', loading: 'Đang tải…', error: 'Không tải được', lang: 'English' },
  en: { title: 'Liên Thông — Flow designer', flows: 'Flows', version: 'Version', empty: 'No flows yet', loading: 'Loading…', error: 'Could not load', lang: 'Tiếng Việt' },
} as const;
export type Lang = keyof typeof messages;
