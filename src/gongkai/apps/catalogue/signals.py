"""Receivers of the catalogue app: a new body asked for its standard set-up gets its columns and catalogue."""

from __future__ import annotations

__all__ = ["connect"]


def _setup(sender, organization, actor=None, **kwargs) -> str:
    from .services import catalogue_seed_body

    columns, entries = catalogue_seed_body(actor=actor, organization=organization)
    return f"已建立标准公开目录栏目 {columns} 个、基层政务公开标准目录事项 {entries} 条。"


def connect() -> None:
    from gongkai.apps.organizations.signals import organization_setup

    organization_setup.connect(_setup, dispatch_uid="catalogue-seed-new-body")
