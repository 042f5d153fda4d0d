"""A module as one PDF for offline reading: its pages in order, in the reader's language where translated, with
the resources and banked answers each page cites listed under it (addresses written out, since a printed link
cannot be clicked). Drawn with the certificates' code (`learning.documents`), so Arabic is shaped too.

Who may download it: `learning.access.may_read_step`. The views import this module only for a download, so
that reportlab loads only in the processes that draw a PDF (issue #17).
"""

from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import gettext as _

from cphelpdesk.core.notifications import absolute_url
from cphelpdesk.learning.certificates import pathway_title
from cphelpdesk.learning.documents import Style, Writer
from cphelpdesk.learning.models import Step
from cphelpdesk.library.access import readable_resources

HEADINGS = {"h2": Style(16, bold=True, space_after=6), "h3": Style(14, bold=True), "h4": Style(12, bold=True)}
BLOCKS = {"p", "blockquote", "pre", "dt", "dd", "tr", "li", *HEADINGS}


class _Blocks(HTMLParser):
    """A sanitised page body as blocks of plain text: (tag, text, marker)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.lists: list[list] = []  # [tag, count] per open list
        self.href = ""

    def _flush(self, tag: str) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            marker = ""
            if tag == "li" and self.lists:
                kind = self.lists[-1]
                kind[1] += 1
                marker = f"{kind[1]}." if kind[0] == "ol" else "•"
            self.blocks.append((tag, text, marker))
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in {"ul", "ol"}:
            self.lists.append([tag, 0])
        elif tag in BLOCKS:
            self._flush("p")
        elif tag in {"td", "th"} and self.text:
            self.text.append(" | ")
        elif tag == "br":
            self.text.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag):
        if tag in {"ul", "ol"} and self.lists:
            self._flush("p")
            self.lists.pop()
        elif tag in BLOCKS:
            self._flush(tag)
        elif tag == "a" and self.href:
            if self.href not in "".join(self.text):
                self.text.append(f" ({self.href})")
            self.href = ""

    def handle_data(self, data):
        self.text.append(data)

    def close(self):
        super().close()
        self._flush("p")


def page_blocks(html: str) -> list[tuple[str, str, str]]:
    """The blocks of a page's (sanitised) body."""
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def _localised(item, language: str, fields: tuple[str, ...]) -> tuple:
    version = next((row for row in item.translations.all() if row.language == language), item)
    return tuple(getattr(version, name) for name in fields)


def module_pdf(step: Step, language: str, reader) -> bytes:
    """The module's pages as one PDF, in `language` where translated; the resources listed are those `reader`
    may open."""
    pages = step.pages.prefetch_related("translations").order_by("order", "id")
    with translation.override(language):
        pathway = pathway_title(step.pathway, language)
        step_title, summary = _localised(step, language, ("title", "summary"))
        writer = Writer(language=language, title=step_title)
        writer.paragraph(pathway, Style(11))
        writer.paragraph(step_title, Style(22, bold=True, space_after=8))
        if summary:
            writer.paragraph(summary, Style(12, space_after=10))
        for page in pages:
            title, body = _localised(page, language, ("title", "body"))
            writer.space(8)
            writer.paragraph(title, Style(18, bold=True, space_after=6))
            for tag, text, marker in page_blocks(body):
                style = HEADINGS.get(tag) or Style(11, indent=14 if tag in {"blockquote", "dd"} else 0)
                writer.paragraph(text, style, marker=marker)
            resources = list(readable_resources(reader, page.resources.all()))
            if resources:
                writer.paragraph(_("Resources and answers cited"), Style(12, bold=True))
                for resource in resources:
                    writer.paragraph(f"{resource.title}: {absolute_url('library:resource', pk=resource.pk)}",
                                     Style(10), marker="•")
        writer.space(12)
        writer.paragraph(_("Printed from CP Helpdesk: %(url)s") % {
            "url": absolute_url("learning_documents:module_pdf", slug=step.pathway.slug, pk=step.pk)}, Style(9))
    return writer.pdf()
