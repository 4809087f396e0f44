// The designer's and console's words for triggers that start real work: polling a source, inbound webhooks (docs/operations.md).
export const triggerVi = {
  'panel.trigger.poll': 'Hỏi nguồn định kỳ',
  'panel.trigger.webhook': 'Webhook nhận vào',
  'panel.pollSource': 'Nguồn',
  'panel.pollSource.dvcqg.dossiers': 'Hồ sơ mới, cập nhật trên Cổng DVCQG',
  'panel.pollSource.ioc.feedback': 'Phản ánh kiến nghị mới trên IOC',
  'panel.pollCredential': 'Kết nối tới nguồn',
  'panel.pollEvery': 'Chu kỳ hỏi (5s đến 1d, mặc định 30s)',
  'panel.triggerInput': 'Đầu vào của lượt chạy từ mục nhận được ($input; bỏ trống: chính mục đó)',
  'panel.webhookHint': 'Địa chỉ POST /api/v1/hooks/{key}; quản trị viên tạo khóa bí mật HMAC (chỉ hiện một lần).',
  'trigger.poll': 'Hỏi nguồn',
  'trigger.webhook': 'Webhook',
};

export const triggerEn: Record<keyof typeof triggerVi, string> = {
  'panel.trigger.poll': 'Poll a source',
  'panel.trigger.webhook': 'Inbound webhook',
  'panel.pollSource': 'Source',
  'panel.pollSource.dvcqg.dossiers': 'New and updated dossiers on the DVCQG portal',
  'panel.pollSource.ioc.feedback': 'New citizen feedback in the IOC',
  'panel.pollCredential': 'Connection to the source',
  'panel.pollEvery': 'Polling interval (5s to 1d, default 30s)',
  'panel.triggerInput': 'The run\'s input from the item received ($input; empty: the item itself)',
  'panel.webhookHint': 'URL POST /api/v1/hooks/{key}; an administrator makes its HMAC secret (shown once).',
  'trigger.poll': 'Polling',
  'trigger.webhook': 'Webhook',
};
