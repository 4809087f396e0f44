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

  // Flow language: compiler (issue 4)
  FLOW_COMPILE_BAD_HANDLE: { status: 400, retryable: false,
    vi: 'Cạnh {edgeId}: nút {nodeId} ({kind}) không có cổng ra "{handle}"; cổng hợp lệ: {allowed}', en: 'Edge {edgeId}: node {nodeId} ({kind}) has no output "{handle}"; valid outputs: {allowed}' },
  FLOW_COMPILE_DUPLICATE_EDGE: { status: 400, retryable: false,
    vi: 'Mã cạnh {edgeId} bị trùng', en: 'Edge id {edgeId} is used more than once' },
  FLOW_COMPILE_DUPLICATE_CASE: { status: 400, retryable: false,
    vi: 'Nút rẽ nhánh {nodeId} có hai nhánh cùng tên "{handle}"', en: 'Switch {nodeId} has two cases named "{handle}"' },
  FLOW_COMPILE_TRIGGER_INCOMING: { status: 400, retryable: false,
    vi: 'Nút khởi động {nodeId} không được có cạnh đi vào', en: 'Trigger {nodeId} must not have incoming edges' },
  FLOW_COMPILE_JOIN_BRANCHES: { status: 400, retryable: false,
    vi: 'Nút hợp nhánh {nodeId} (chế độ {mode}) có {count} nhánh vào; cần ít nhất 2 và n ≤ số nhánh', en: 'Join {nodeId} (mode {mode}) has {count} incoming branches; it needs at least 2, and n ≤ branches' },
  FLOW_COMPILE_JOIN_MISSING: { status: 400, retryable: false,
    vi: 'Các nhánh song song từ nút {fork} gặp nhau tại nút {nodeId} mà không qua nút hợp nhánh (join)', en: 'Parallel branches from {fork} meet at {nodeId} without a join node' },
  FLOW_COMPILE_PARALLEL_BRANCHES: { status: 400, retryable: false,
    vi: 'Nút song song {nodeId} cần ít nhất 2 nhánh ra, hiện có {count}', en: 'Parallel node {nodeId} needs at least 2 outgoing branches, found {count}' },
  FLOW_COMPILE_INPUT_MISSING: { status: 400, retryable: false,
    vi: 'Nút {nodeId}: thiếu trường bắt buộc "{field}" của {connector}', en: 'Node {nodeId}: required field "{field}" of {connector} is not mapped' },
  FLOW_COMPILE_INPUT_UNKNOWN: { status: 400, retryable: false,
    vi: 'Nút {nodeId}: {connector} không có trường "{field}"', en: 'Node {nodeId}: {connector} has no input field "{field}"' },
  FLOW_COMPILE_INPUT_TYPE: { status: 400, retryable: false,
    vi: 'Nút {nodeId}: giá trị cố định của trường "{field}" không hợp lệ: {detail}', en: 'Node {nodeId}: the constant given for "{field}" is invalid: {detail}' },
  FLOW_COMPILE_UNKNOWN_NODE_REF: { status: 400, retryable: false,
    vi: 'Nút {nodeId}: biểu thức tham chiếu $nodes.{ref} nhưng không có nút {ref}', en: 'Node {nodeId}: the expression refers to $nodes.{ref}, but there is no node {ref}' },
  FLOW_COMPILE_DELAY_SPEC: { status: 400, retryable: false,
    vi: 'Nút chờ thời gian {nodeId} cần đúng một trong hai: duration hoặc until', en: 'Delay {nodeId} needs exactly one of duration or until' },
  FLOW_COMPILE_BAD_SCHEMA: { status: 400, retryable: false,
    vi: '{field} không phải JSON Schema hợp lệ: {detail}', en: '{field} is not a valid JSON Schema: {detail}' },
  FLOW_COMPILE_BAD_CRON: { status: 400, retryable: false,
    vi: 'Lịch chạy "{cron}" của nút {nodeId} không hợp lệ (cần 5 trường: phút giờ ngày tháng thứ)', en: 'Schedule "{cron}" of node {nodeId} is invalid (expected 5 fields: minute hour day month weekday)' },
  FLOW_COMPILE_OUTPUT_MISSING: { status: 400, retryable: false,
    vi: 'Nút {nodeId}: kết quả thiếu trường bắt buộc "{field}" của outputSchema', en: 'Node {nodeId}: the output lacks field "{field}" required by outputSchema' },
  FLOW_COMPILE_UNKNOWN_SUBFLOW: { status: 400, retryable: false,
    vi: 'Nút {nodeId} gọi luồng con {ref} chưa được phát hành', en: 'Node {nodeId} calls subflow {ref}, which is not published' },
  FLOW_COMPILE_WAIT_TIMEOUT_BRANCH: { status: 400, retryable: false,
    vi: 'Nút chờ {nodeId} có nhánh "timeout" nhưng không đặt thời hạn (timeout)', en: 'Wait {nodeId} has a "timeout" branch but no timeout' },

  // Flow language: interpreter and signals (issue 4)
  FLOW_RUN_UNSUPPORTED_NODE: { status: 500, retryable: false,
    vi: 'Trình thông dịch không hỗ trợ loại nút {kind}', en: 'The interpreter does not support node kind {kind}' },
  FLOW_FOREACH_NOT_LIST: { status: 422, retryable: false,
    vi: 'Nút lặp {nodeId}: biểu thức items không trả về danh sách', en: 'Foreach {nodeId}: the items expression did not return a list' },
  FLOW_DELAY_BAD_DATE: { status: 422, retryable: false,
    vi: 'Nút chờ thời gian {nodeId}: "{value}" không phải thời điểm hợp lệ', en: 'Delay {nodeId}: "{value}" is not a valid date-time' },
  FLOW_WAIT_TIMED_OUT: { status: 422, retryable: false,
    vi: 'Nút chờ {nodeId} hết hạn mà không nhận được tín hiệu {signal}', en: 'Wait {nodeId} timed out without signal {signal}' },
  FLOW_SUBFLOW_NOT_RESOLVED: { status: 500, retryable: false,
    vi: 'Kế hoạch của luồng con {ref} không có trong dữ liệu lượt chạy', en: 'The plan of subflow {ref} was not resolved into the run input' },
  RUN_SIGNAL_UNKNOWN: { status: 404, retryable: false,
    vi: 'Luồng {flowKey} phiên bản {version} không chờ tín hiệu {signal}', en: 'Flow {flowKey} version {version} does not wait for signal {signal}' },
  RUN_SIGNAL_PAYLOAD_INVALID: { status: 400, retryable: false,
    vi: 'Dữ liệu tín hiệu {signal} không hợp lệ tại {pointer}: {detail}', en: 'Payload of signal {signal} is invalid at {pointer}: {detail}' },
  RUN_NOT_RUNNING: { status: 409, retryable: false,
    vi: 'Lượt chạy {runId} đã kết thúc, không nhận tín hiệu', en: 'Run {runId} has finished and takes no signals' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;
