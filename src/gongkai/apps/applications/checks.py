"""System checks of the data key (``gongkai check`` and ``gongkai check --deploy``)."""

from __future__ import annotations

from django.core import checks


@checks.register(checks.Tags.security)
def data_key_configured(app_configs=None, **kwargs):
    """Error when the configured data key or key file cannot be read or parsed."""
    from gongkai.core.fieldcrypt import DataKeyError
    from gongkai.web.datakey import keyring, uses_generated_key

    if uses_generated_key():
        return []  # generated on first use
    try:
        keyring()
    except DataKeyError as exc:
        return [checks.Error(str(exc), id="gongkai.E010")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def data_key_not_the_demo_one(app_configs=None, **kwargs):
    """Warn when a deployment encrypts personal data with the generated development/demo key."""
    from django.conf import settings

    from gongkai.web.datakey import uses_generated_key

    if not uses_generated_key():
        return []
    return [
        checks.Warning(
            "个人信息正在使用自动生成的开发/演示数据密钥加密"
            f"（{settings.GONGKAI_DEV_DATA_KEY_FILE}），它与数据放在同一数据目录中。",
            hint=(
                "正式部署请设置 GONGKAI_DATA_KEY 或 GONGKAI_DATA_KEY_FILE（密钥文件放在数据目录和数据库备份之外），"
                "然后运行 gongkai rotate_data_key 用新密钥重新加密；新密钥须另行备份。"
            ),
            id="gongkai.W010",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def data_key_matches_stored_data(app_configs=None, **kwargs):
    """Error when the stored personal data was encrypted with keys that are not configured (a wrong key)."""
    from django.db import DatabaseError, connection

    from gongkai.core.fieldcrypt import DataKeyError, token_key_id
    from gongkai.web.datakey import keyring

    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT substr(id_number, 8, 8) FROM applications_application WHERE id_number LIKE 'sm4gcm:%%'"
            )
            stored = {row[0] for row in cursor.fetchall()}
        ring = keyring()
    except (DatabaseError, DataKeyError):
        return []  # no table yet, or reported by data_key_configured
    missing = sorted(k for k in stored if token_key_id(f"sm4gcm:{k}:AA==") and k not in ring.ids)
    if not missing:
        return []
    return [
        checks.Error(
            f"数据库中的个人信息由数据密钥 {', '.join(missing)} 加密，但当前配置的密钥是 {', '.join(ring.ids)}。",
            hint="请配置加密这些数据时所用的密钥（GONGKAI_DATA_KEY / GONGKAI_DATA_KEY_FILE）；轮换中的旧密钥须保留。",
            id="gongkai.E011",
        )
    ]
