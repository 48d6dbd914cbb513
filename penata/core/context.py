"""Per-request context (request id, client address) that services read when they audit."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("penata_request_id", default="")
client_ip_var: ContextVar[str | None] = ContextVar("penata_client_ip", default=None)
