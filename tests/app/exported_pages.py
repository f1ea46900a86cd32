"""Reading an exported page from tests: its parts are inlined gzip-compressed."""

import base64
import gzip
import re


def inflated(page: str, element: str) -> str:
    """The text of the page's script ``optiviz-<element>``, inflated."""
    found = re.search(rf'id="optiviz-{element}" data-encoding="gzip">([^<]*)</script>', page)
    assert found, f"{element} is inlined gzip-compressed"
    return gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8")
