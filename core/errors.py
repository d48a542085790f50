"""Coded user-facing errors (spaCy-style numbered constants) that cross every stage boundary.

The CLI maps a :class:`YushenError` to exit code 2 and a one-line message; batch scans store the code
and message as a row. Nothing else should escape to the user as a traceback.
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    CORRUPT_FILE = "corrupt_file"
    ENCRYPTED = "encrypted"
    NO_TEXT_LAYER = "no_text_layer"
    UNSUPPORTED_FORMAT = "unsupported_format"
    EMPTY_DOCUMENT = "empty_document"
    CONVERTER_MISSING = "converter_missing"
    CONVERSION_FAILED = "conversion_failed"
    FILE_NOT_FOUND = "file_not_found"
    TOO_LARGE = "too_large"
    NOT_A_PROPOSAL = "not_a_proposal"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    CLUSTER_UNREACHABLE = "cluster_unreachable"
    INTERNAL_ERROR = "internal_error"


# Default message templates; callers may give a more specific message.
MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.CORRUPT_FILE: "文件已损坏或被截断，无法读取 (file is corrupt or truncated)",
    ErrorCode.ENCRYPTED: "文件已加密，请提交未加密版本 (file is password-protected)",
    ErrorCode.NO_TEXT_LAYER: "PDF 没有文字层（扫描件），需要 OCR (PDF has no text layer; it is a scan)",
    ErrorCode.UNSUPPORTED_FORMAT: "不支持的文件类型 (unsupported file type)",
    ErrorCode.EMPTY_DOCUMENT: "文件中没有可审查的文字 (document contains no text)",
    ErrorCode.CONVERTER_MISSING: (
        "读取 DOC/WPS 需要 LibreOffice：请安装（Debian/Ubuntu: apt-get install libreoffice-writer）"
        " (LibreOffice is needed to read DOC/WPS files)"
    ),
    ErrorCode.CONVERSION_FAILED: "LibreOffice 转换失败 (LibreOffice could not convert the file)",
    ErrorCode.FILE_NOT_FOUND: "找不到文件 (file not found)",
    ErrorCode.TOO_LARGE: "文件过大 (file is too large)",
    ErrorCode.NOT_A_PROPOSAL: "文件不是政务信息化项目申报文本，未予审查 (not a project proposal)",
    ErrorCode.TIMEOUT: "处理超时，已放弃 (took too long)",
    ErrorCode.MEMORY_LIMIT: "处理时超过内存上限，已放弃 (memory limit reached)",
    ErrorCode.CLUSTER_UNREACHABLE: "无法连接 Dask 调度器 (Dask scheduler not reachable)",
    ErrorCode.INTERNAL_ERROR: "内部错误，请报告 (internal error: please report it)",
}


class YushenError(Exception):
    """An error a user can act on. ``code`` is stable (part of the report contract)."""

    def __init__(self, code: ErrorCode, message: str | None = None, *, path: str | None = None,
                 kind: str | None = None):
        self.code = code
        self.message = message or MESSAGES[code]
        self.path = path
        self.kind = kind  # not_a_proposal: regulation | template | guidance | web_page | unrelated
        super().__init__(f"{code.value}: {self.message}")

    def to_dict(self) -> dict[str, str]:
        out = {"code": self.code.value, "message": self.message}
        if self.kind is not None:
            out["kind"] = self.kind
        return out
