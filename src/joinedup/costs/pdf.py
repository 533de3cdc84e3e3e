"""PDF reports: the page's own HTML through WeasyPrint, imported only when a PDF is asked for.

WeasyPrint needs Debian's Pango libraries. Where they (or WeasyPrint) are missing, `missing()`
says what to install, the PDF link says so, and everything else works.
"""

from functools import cache

INSTALL = (
    "The PDF needs WeasyPrint and its Pango libraries: pip install 'joinedup[pdf]' and "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
)


@cache
def missing() -> str:
    """What to install for PDFs, or "" when they can be made here."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return INSTALL
    return ""


def render(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()
