#!/usr/bin/env bash
# Xác thực công dân bằng curl --aws-sigv4: một lần qua REST, một lần qua tRPC; mỗi câu trả lời là một dòng JSON.
# Citizen lookup with curl --aws-sigv4: once over REST, once over tRPC; each answer is printed as one line of JSON.
#   LT_URL=https://lienthong.example.gov.vn LT_ACCESS_KEY_ID=… LT_SECRET_KEY=… ./xac-thuc-cong-dan.sh [ho-so.json]
set -euo pipefail
: "${LT_URL:?LT_URL}" "${LT_ACCESS_KEY_ID:?LT_ACCESS_KEY_ID}" "${LT_SECRET_KEY:?LT_SECRET_KEY}"
HERE="$(cd "$(dirname "$0")" && pwd)"
DOSSIER="${1:-$HERE/../ho-so-mau.json}"
REGION="${LT_REGION:-vn}"
# Một khóa idempotency cho mỗi hồ sơ: gửi lại (mất kết nối) trả về cùng lượt chạy. curl ký mọi tiêu đề -H, kể cả khóa này.
# One Idempotency-Key per dossier: sending again (a lost connection) returns the same run. curl signs every -H header, this one too.
KEY="vidu-curl-$(date +%s)-$$"

sigv4() { curl -sS --aws-sigv4 "aws:amz:$REGION:lienthong" --user "$LT_ACCESS_KEY_ID:$LT_SECRET_KEY" -H 'content-type: application/json' "$@"; }

# REST: POST /api/v1/flows/{flowKey}/runs?wait=30s, the dossier as the body.
sigv4 -H "idempotency-key: $KEY" --data-binary "@$DOSSIER" "$LT_URL/api/v1/flows/xac-thuc-cong-dan/runs?wait=30s"
echo

# tRPC: POST /trpc/runs.start, the procedure's input as the body: { flowKey, input, wait, idempotencyKey }.
BODY="{\"flowKey\":\"xac-thuc-cong-dan\",\"wait\":\"30s\",\"idempotencyKey\":\"$KEY-trpc\",\"input\":$(tr -d '\n' < "$DOSSIER")}"
sigv4 --data-binary "$BODY" "$LT_URL/trpc/runs.start"
echo
