"""Helpers for the public pages: submit through preview and confirmation, look a status up."""

import re

from django.urls import reverse


def token_of(response) -> str:
    match = re.search(r'name="submission_token" value="([^"]+)"', response.content.decode())
    assert match, "the confirmation page carries a submission token"
    return match.group(1)


def submit_online(client, data: dict, **extra):
    """Fill in the public form, preview it, and confirm: the response of the confirmation (the done page)."""
    url = reverse("applications:apply")
    preview = client.post(url, {**data, "step": "preview"}, **extra)
    assert preview.status_code == 200, preview.status_code
    return client.post(url, {**data, "step": "confirm", "submission_token": token_of(preview)}, **extra)


def code_of(response) -> str:
    return response.content.decode().split('id="query-code">')[1].split("<")[0]


def lookup(client, tracking_number: str, query_code: str, **extra):
    return client.post(
        reverse("applications:status"), {"tracking_number": tracking_number, "query_code": query_code}, **extra
    )
