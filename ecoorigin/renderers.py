"""DRF's browsable API under the portal's Content-Security-Policy (docs/security.md)."""

from csp.constants import UNSAFE_INLINE
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages keep a few inline styles of their own (code highlighting, the filter
    button): those pages, and only they, allow inline styles. Their scripts are files, so the
    script policy stays strict."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
