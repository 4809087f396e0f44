// The designer's words for the respond node's pending answer (DOMAIN §7.a: PENDING while a national system is unavailable).
export const respondVi = {
  'panel.respondPending': 'Trả lời "đã nhận, đang xử lý" (HTTP 202 kèm mã lượt chạy; kết quả đến sau qua callback)',
};

export const respondEn: Record<keyof typeof respondVi, string> = {
  'panel.respondPending': 'Answer "accepted, still running" (HTTP 202 with the run id; the result follows by callback)',
};
