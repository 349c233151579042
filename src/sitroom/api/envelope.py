"""The one success shape and the one error shape every /api reply uses.

Success: ``{"ok": true, "data": ..., "page": {"limit", "offset", "total"} | null}``.
Error:   ``{"ok": false, "error": {"code", "message", "hint"}}`` for 401/403/404/405/413/422/500.
Tests in tests/test_api.py pin both, so a client can branch on ``ok`` alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

# HTTP status -> the stable machine-readable code clients branch on.
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error"}  # fmt: skip


class ApiError(Exception):
    """An error with a status, a one-line message and a hint saying what to do next."""

    def __init__(self, status: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint


def page(limit: int, offset: int, total: int) -> dict[str, int]:
    return {"limit": limit, "offset": offset, "total": total}


def ok(data: Any, page: dict[str, int] | None = None) -> dict[str, Any]:
    """The success envelope (FastAPI serialises the dict)."""
    return {"ok": True, "data": jsonable_encoder(data, custom_encoder={dt.datetime: lambda d: d.isoformat()}), "page": page}


def error_body(status: int, message: str, hint: str = "") -> dict[str, Any]:
    return {"ok": False, "error": {"code": CODES.get(status, f"http_{status}"), "message": message, "hint": hint}}


def error_response(status: int, message: str, hint: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, hint), status_code=status, headers=headers)
