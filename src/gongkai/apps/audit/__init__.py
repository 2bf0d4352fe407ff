"""Append-only audit log (审计日志) written explicitly by services."""
