"""Findings: what a check or a parse says about a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CONFIDENCES", "ERROR", "INFO", "SEVERITIES", "WARNING", "Finding", "has_errors", "sort_findings"]

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
#: How sure a finding is, when the reading behind it was not certain (optional JSON key
#: ``confidence``; absent means the figures were read as printed).
CONFIDENCES = ("certain", "likely", "uncertain")
CONFIDENCE_LABELS = {"certain": "确定", "likely": "较可能", "uncertain": "不确定"}


@dataclass(frozen=True)
class Finding:
    """One finding: a rule id, a severity, a Chinese message and the cells or sections it names."""

    rule: str
    severity: str
    message: str
    cells: tuple[str, ...] = field(default=())
    #: ``certain`` / ``likely`` / ``uncertain`` where the reading behind the finding was not sure.
    confidence: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.confidence is not None and self.confidence not in CONFIDENCES:
            raise ValueError(f"unknown confidence {self.confidence!r}")
        object.__setattr__(self, "cells", tuple(self.cells))

    def to_dict(self) -> dict[str, Any]:
        """The schema's JSON object for this finding (``confidence`` only when set)."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "cells": list(self.cells),
        }
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Read a finding back from its JSON object."""
        return cls(
            data["rule"], data["severity"], data["message"], tuple(data.get("cells", ())), data.get("confidence")
        )

    def describe(self) -> str:
        """One human-readable line: severity, rule, message, the cells named and how sure it is."""
        where = f"  [{', '.join(self.cells)}]" if self.cells else ""
        sure = f"（{CONFIDENCE_LABELS[self.confidence]}）" if self.confidence else ""
        return f"{SEVERITY_LABELS[self.severity]} {self.rule}{sure}: {self.message}{where}"


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding has severity ``error``."""
    return any(f.severity == ERROR for f in findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; stable within a severity."""
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))
