/**
 * The one catalogue of error codes. Each code is stable (clients branch on it), carries a
 * Vietnamese and an English message template, the HTTP status the API answers with, and whether
 * a retry may help (the worker maps that to Temporal's nonRetryable flag).
 */
export interface CatalogueEntry {
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 502 | 503 | 504;
  readonly retryable: boolean;
  readonly vi: string;
  readonly en: string;
}

export const errorCatalogue = {
  // Request / input validation
  REQUEST_INVALID_JSON: { status: 400, retryable: false,
    vi: 'Nội dung yêu cầu không phải JSON hợp lệ', en: 'The request body is not valid JSON' },
  REQUEST_VALIDATION_FAILED: { status: 400, retryable: false,
    vi: 'Dữ liệu không hợp lệ tại {pointer}: {detail}', en: 'Invalid data at {pointer}: {detail}' },
  REQUEST_TOO_LARGE: { status: 413, retryable: false,
    vi: 'Nội dung yêu cầu vượt quá {limit} byte', en: 'The request body exceeds {limit} bytes' },
  ROUTE_NOT_FOUND: { status: 404, retryable: false,
    vi: 'Không tìm thấy đường dẫn {path}', en: 'No route for {path}' },
  IDEMPOTENCY_KEY_CONFLICT: { status: 409, retryable: false,
    vi: 'Khóa Idempotency-Key {key} đã dùng cho một yêu cầu khác', en: 'Idempotency-Key {key} was already used for a different request' },

  // Flows
  FLOW_NOT_FOUND: { status: 404, retryable: false,
    vi: 'Không tìm thấy luồng {flowKey}', en: 'Flow {flowKey} not found' },
  FLOW_VERSION_NOT_FOUND: { status: 404, retryable: false,
    vi: 'Luồng {flowKey} không có phiên bản {version}', en: 'Flow {flowKey} has no version {version}' },
  FLOW_SCHEMA_INVALID: { status: 400, retryable: false,
    vi: 'Tài liệu luồng sai cấu trúc tại {pointer}: {detail}', en: 'Flow document is malformed at {pointer}: {detail}' },
  FLOW_COMPILE_UNKNOWN_CONNECTOR: { status: 400, retryable: false,
    vi: 'Nút {nodeId} dùng connector chưa đăng ký: {ref}', en: 'Node {nodeId} uses an unregistered connector: {ref}' },
  FLOW_COMPILE_NO_TRIGGER: { status: 400, retryable: false,
    vi: 'Luồng phải có đúng một nút khởi động (trigger), hiện có {count}', en: 'A flow needs exactly one trigger node, found {count}' },
  FLOW_COMPILE_DANGLING_EDGE: { status: 400, retryable: false,
    vi: 'Cạnh {edgeId} nối tới nút không tồn tại: {nodeId}', en: 'Edge {edgeId} points at a missing node: {nodeId}' },
  FLOW_COMPILE_UNREACHABLE: { status: 400, retryable: false,
    vi: 'Nút {nodeId} không thể đến được từ nút khởi động', en: 'Node {nodeId} cannot be reached from the trigger' },
  FLOW_COMPILE_CYCLE: { status: 400, retryable: false,
    vi: 'Luồng có vòng lặp qua nút {nodeId}', en: 'The flow has a cycle through node {nodeId}' },
  FLOW_COMPILE_BAD_EXPRESSION: { status: 400, retryable: false,
    vi: 'Biểu thức JSONata tại nút {nodeId} không hợp lệ: {detail}', en: 'Invalid JSONata expression at node {nodeId}: {detail}' },
  FLOW_COMPILE_NO_RESPOND: { status: 400, retryable: false,
    vi: 'Luồng đồng bộ phải có nút trả lời (respond)', en: 'A synchronous flow needs a respond node' },
  FLOW_RUN_UNKNOWN_ACTIVITY: { status: 500, retryable: false,
    vi: 'Worker không có hoạt động {activity}', en: 'The worker has no activity {activity}' },
  FLOW_EXPRESSION_FAILED: { status: 422, retryable: false,
    vi: 'Biểu thức tại nút {nodeId} lỗi khi chạy: {detail}', en: 'Expression at node {nodeId} failed at run time: {detail}' },
  RUN_NOT_FOUND: { status: 404, retryable: false,
    vi: 'Không tìm thấy lượt chạy {runId}', en: 'Run {runId} not found' },

  // Connectors (shared classification)
  CONNECTOR_TIMEOUT: { status: 504, retryable: true,
    vi: '{system} không phản hồi sau {ms} ms', en: '{system} did not respond within {ms} ms' },
  CONNECTOR_UNAVAILABLE: { status: 503, retryable: true,
    vi: '{system} tạm thời không sẵn sàng (HTTP {httpStatus})', en: '{system} is temporarily unavailable (HTTP {httpStatus})' },
  CONNECTOR_RATE_LIMITED: { status: 429, retryable: true,
    vi: '{system} yêu cầu chờ {retryAfterMs} ms', en: '{system} asked to wait {retryAfterMs} ms' },
  CONNECTOR_NETWORK: { status: 502, retryable: true,
    vi: 'Lỗi kết nối tới {system}: {detail}', en: 'Connection to {system} failed: {detail}' },
  CONNECTOR_BAD_REPLY: { status: 502, retryable: false,
    vi: '{system} trả lời sai định dạng: {detail}', en: '{system} sent a malformed reply: {detail}' },
  CONNECTOR_REJECTED: { status: 422, retryable: false,
    vi: '{system} từ chối yêu cầu (mã {remoteCode}): {detail}', en: '{system} rejected the request (code {remoteCode}): {detail}' },
  CONNECTOR_CREDENTIAL_NOT_FOUND: { status: 400, retryable: false,
    vi: 'Không tìm thấy thông tin xác thực {credentialId}', en: 'Credential {credentialId} not found' },
  CONNECTOR_CREDENTIAL_WRONG_TYPE: { status: 400, retryable: false,
    vi: 'Thông tin xác thực {credentialId} thuộc loại {actual}, connector cần loại {expected}', en: 'Credential {credentialId} is of type {actual}, the connector needs {expected}' },
  CONNECTOR_INPUT_INVALID: { status: 400, retryable: false,
    vi: 'Dữ liệu vào của {connector} không hợp lệ tại {pointer}: {detail}', en: 'Invalid input for {connector} at {pointer}: {detail}' },
  CONNECTOR_AUTH_FAILED: { status: 502, retryable: false,
    vi: '{system} từ chối xác thực (mã {remoteCode})', en: '{system} refused authentication (code {remoteCode})' },
  CATALOG_UNMAPPABLE: { status: 422, retryable: false,
    vi: 'Không ánh xạ được giá trị "{value}" của danh mục {catalog} từ {from} sang {to}', en: 'Value "{value}" of catalog {catalog} cannot be mapped from {from} to {to}' },

  // Platform
  TEMPORAL_UNAVAILABLE: { status: 503, retryable: true,
    vi: 'Máy chủ Temporal không sẵn sàng', en: 'The Temporal server is unavailable' },
  INTERNAL: { status: 500, retryable: false,
    vi: 'Lỗi nội bộ, mã tham chiếu {ref}', en: 'Internal error, reference {ref}' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;
