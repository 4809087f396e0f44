#!/usr/bin/env python3
"""Xác thực công dân từ Python, ký bằng SigV4Auth của botocore: qua REST và qua tRPC, rồi đọc một lỗi có mã.
Citizen lookup from Python, signed with botocore's SigV4Auth: over REST and over tRPC, then a coded error read.

    LT_URL=https://lienthong.example.gov.vn LT_ACCESS_KEY_ID=… LT_SECRET_KEY=… python3 xac_thuc_cong_dan.py [ho-so.json]

Each answer is printed as one line of JSON. Needs botocore (Debian: python3-botocore; pip: botocore).
"""
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

URL = os.environ["LT_URL"].rstrip("/")
CREDENTIALS = Credentials(os.environ["LT_ACCESS_KEY_ID"], os.environ["LT_SECRET_KEY"])
REGION = os.environ.get("LT_REGION", "vn")


def call(method, path, body=None, headers=None):
    """One signed request; returns (HTTP status, parsed JSON answer). Every header given is signed (Idempotency-Key too)."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b""
    request = AWSRequest(method=method, url=URL + path, data=data, headers={"content-type": "application/json", **(headers or {})})
    # The body's SHA-256 is part of the signature (the platform hashes what it received and compares).
    SigV4Auth(CREDENTIALS, "lienthong", REGION).add_auth(request)
    prepared = request.prepare()
    sent = urllib.request.Request(prepared.url, data=data if method != "GET" else None, method=method, headers=dict(prepared.headers))
    try:
        with urllib.request.urlopen(sent, timeout=60) as answer:
            return answer.status, json.loads(answer.read().decode("utf-8"))
    except urllib.error.HTTPError as refused:  # 4xx/5xx: the body carries the catalogue code and a vi/en message
        return refused.code, json.loads(refused.read().decode("utf-8"))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ho-so-mau.json")
    with open(path, encoding="utf-8") as f:
        dossier = json.load(f)
    key = "vidu-python-" + uuid.uuid4().hex  # one Idempotency-Key per dossier

    status, run = call("POST", "/api/v1/flows/xac-thuc-cong-dan/runs?wait=30s", dossier, {"idempotency-key": key})
    print(json.dumps({"via": "rest", "status": status, "answer": run}, ensure_ascii=False))

    status, answer = call("POST", "/trpc/runs.start", {"flowKey": "xac-thuc-cong-dan", "input": dossier, "wait": "30s", "idempotencyKey": key + "-trpc"})
    print(json.dumps({"via": "trpc", "status": status, "answer": answer["result"]["data"] if "result" in answer else answer}, ensure_ascii=False))

    # A refusal: REST answers { error: { code, message: { vi, en }, where } }; tRPC the same list under error.data.errors.
    status, answer = call("GET", "/api/v1/runs/khong-co-luot-chay-nay")
    print(json.dumps({"via": "rest", "status": status, "code": answer["error"]["code"], "message": answer["error"]["message"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
