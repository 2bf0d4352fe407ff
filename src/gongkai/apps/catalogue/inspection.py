"""The inspection thresholds the freshness watch judges columns by, held as data (configurable).

Source: 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号), 单项否决 part, as quoted in published 自查 tables
(e.g. 南宁市外侨办's table of the same indicators for 2017, http://wsb.nanning.gov.cn/xxgk/zwdt/tzgg/t206701.html,
and the 2017 普查评分表): 首页 not updated in a 2-week monitoring → 单项否决; 动态、要闻类栏目 not updated in the 2
weeks, 通知公告、政策文件类栏目 not updated in the 6 months before the check, 5 or more in all → 单项否决; 5 or more
空白栏目 (a column with no content) → 单项否决.

Which column is 动态类, 通知公告类 or 政策文件类 is read from its name by the keywords below. A deployment replaces
any part with a JSON file named by ``GONGKAI_CATALOGUE_INSPECTION`` (same keys; see docs/catalogue.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["DEFAULTS", "ColumnClass", "Thresholds", "thresholds"]

DEFAULTS: dict[str, object] = {
    "source": "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标",
    "home_days": 14,
    "classes": [
        {"key": "dynamic", "label": "动态要闻类", "days": 14, "keywords": ["动态", "要闻", "新闻", "工作信息"]},
        {"key": "notice", "label": "通知公告类", "months": 6, "keywords": ["通知公告", "公示公告", "公告", "通知"]},
        {
            "key": "policy",
            "label": "政策文件类",
            "months": 6,
            "keywords": ["政策文件", "规范性文件", "政策法规", "政策解读", "文件"],
        },
    ],
    "stale_veto": 5,
    "blank_veto": 5,
    "due_soon_days": 7,
}


@dataclass(frozen=True)
class ColumnClass:
    key: str
    label: str
    days: int | None
    months: int | None
    keywords: tuple[str, ...]

    @property
    def limit_text(self) -> str:
        return f"{self.days} 天" if self.days else f"{self.months} 个月"


@dataclass(frozen=True)
class Thresholds:
    source: str
    home_days: int
    classes: tuple[ColumnClass, ...]
    stale_veto: int
    blank_veto: int
    due_soon_days: int
    origin: str = field(default="内置默认值")

    def classify(self, name: str) -> ColumnClass | None:
        for cls in self.classes:
            if any(word in name for word in cls.keywords):
                return cls
        return None


def _build(data: dict, origin: str) -> Thresholds:
    try:
        classes = tuple(
            ColumnClass(
                key=str(c["key"]),
                label=str(c["label"]),
                days=int(c["days"]) if c.get("days") else None,
                months=int(c["months"]) if c.get("months") else None,
                keywords=tuple(str(w) for w in c.get("keywords", ())),
            )
            for c in data["classes"]
        )
        return Thresholds(
            source=str(data["source"]),
            home_days=int(data["home_days"]),
            classes=classes,
            stale_veto=int(data["stale_veto"]),
            blank_veto=int(data["blank_veto"]),
            due_soon_days=int(data["due_soon_days"]),
            origin=origin,
        )
    except (KeyError, TypeError, ValueError) as exc:
        msg = f"检查指标配置 {origin} 格式错误：{exc}"
        raise ImproperlyConfigured(msg) from None


@lru_cache(maxsize=4)
def _load(path: str) -> Thresholds:
    if not path:
        return _build(DEFAULTS, "内置默认值")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        msg = f"无法读取检查指标配置 {path}：{exc.__class__.__name__}"
        raise ImproperlyConfigured(msg) from None
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"检查指标配置 {path} 应为 JSON 对象")
    return _build({**DEFAULTS, **data}, path)


def thresholds() -> Thresholds:
    """The thresholds in force (``GONGKAI_CATALOGUE_INSPECTION`` file merged over :data:`DEFAULTS`)."""
    return _load(getattr(settings, "GONGKAI_CATALOGUE_INSPECTION", "") or "")
