"""Uploads too big for the portal never fill its disk.

Django streams a large upload into a temporary file before any view can look at its size. This
handler keeps at most UPLOAD_MAX_BYTES + 1 bytes of each file and still reports the size that
was sent, so the checks in applications/documents.py and supervision/documents.py refuse it
with their readable message ("文件过大"). The proxy in front should cap request bodies as well
(docs/security.md).
"""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data, start):
        room = settings.UPLOAD_MAX_BYTES + 1 - self.kept
        if room > 0:
            self.file.write(raw_data[:room])
            self.kept += min(room, len(raw_data))
