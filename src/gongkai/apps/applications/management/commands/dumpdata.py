"""``dumpdata`` that writes applicants' encrypted personal data as its ciphertext, never in clear.

The tokens are dumped as stored (``sm4gcm:<key id>:…``), so a dump holds no personal data in clear and is
made without the data key; ``gongkai loaddata`` writes them back unchanged (see ``applications.fields``).
"""

from django.core.management.commands.dumpdata import Command as DumpdataCommand

from gongkai.apps.applications.fields import raw_ciphertext


class Command(DumpdataCommand):
    def handle(self, *app_labels, **options):
        with raw_ciphertext():
            return super().handle(*app_labels, **options)
