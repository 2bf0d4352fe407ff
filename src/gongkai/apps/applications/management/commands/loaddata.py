"""``loaddata`` that writes the ciphertext a ``gongkai dumpdata`` carries back as it is (no second encryption).

Reading the loaded values needs the data key they were encrypted with (``GONGKAI_DATA_KEY``); ``gongkai check
--deploy`` reports values under a key that is not configured.
"""

from django.core.management.commands.loaddata import Command as LoaddataCommand

from gongkai.apps.applications.fields import raw_ciphertext


class Command(LoaddataCommand):
    def handle(self, *fixture_labels, **options):
        with raw_ciphertext():
            return super().handle(*fixture_labels, **options)
