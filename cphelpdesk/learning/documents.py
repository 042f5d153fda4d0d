"""PDF documents of learning (certificates, modules for offline reading), in any of the helpdesk's languages.

reportlab's built-in fonts have no Arabic, and reportlab draws the characters it is given in the order given:
Arabic must be shaped (each letter in its joined form, lam-alef ligatures; `arabic_reshaper`) and put in visual
order (Unicode's bidirectional algorithm; `python-bidi`) before it is drawn. Lines are broken in logical order
first and each line is reordered on its own, so that a paragraph reads from the top right down. The font is
Amiri (SIL Open Font License, `learning/fonts/`), which covers Latin and Arabic with its presentation forms.
"""

import io
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "Amiri", "Amiri-Bold"
RTL_LANGUAGES = {"ar"}
MARKER_WIDTH = 14  # points between a list item's marker and its text


def _register_fonts() -> None:
    # Registered once per process; reportlab embeds only the glyphs a document uses.
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "Amiri-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "Amiri-Bold.ttf")))


def has_right_to_left(text: str) -> bool:
    """Whether `text` holds Arabic (or Hebrew) letters, which need shaping and reordering."""
    return any(unicodedata.bidirectional(char) in {"AL", "R"} for char in text)


def visual(line: str, *, right_to_left: bool = False) -> str:
    """One line as it is drawn: Arabic shaped and the whole line in visual order (base direction from the
    document's language, so that a Latin name in an Arabic certificate sits where a reader expects it)."""
    if not (right_to_left or has_right_to_left(line)):
        return line
    return get_display(arabic_reshaper.reshape(line), base_dir="R" if right_to_left else "L")


@dataclass
class Style:
    size: float = 11
    bold: bool = False
    leading: float = 1.35  # line height, as a multiple of the size
    space_after: float = 4
    indent: float = 0

    @property
    def font(self) -> str:
        return BOLD if self.bold else REGULAR


class Writer:
    """Flows lines of text down A4 pages (or any page size), right-aligned for a right-to-left language."""

    def __init__(self, *, language: str, title: str, pagesize=A4, margin: float = 56):
        _register_fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=pagesize, pageCompression=1)
        self.canvas.setTitle(title)
        self.right_to_left = language in RTL_LANGUAGES
        self.width, self.height = pagesize
        self.margin = margin
        self.y = self.height - margin

    def width_of(self, text: str, style: Style) -> float:
        return pdfmetrics.stringWidth(visual(text, right_to_left=self.right_to_left), style.font, style.size)

    def lines(self, text: str, style: Style, width: float) -> list[str]:
        """`text` broken into lines no wider than `width`, in logical order (a word too long stays whole)."""
        lines = []
        for paragraph in text.splitlines() or [""]:
            current = ""
            for word in paragraph.split():
                candidate = f"{current} {word}" if current else word
                if current and self.width_of(candidate, style) > width:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
            lines.append(current)
        return lines

    def draw_line(self, line: str, style: Style, *, y: float, align: str = "start") -> None:
        """One line at height `y`: aligned to the start (left, or right in Arabic), the centre or the end."""
        self.canvas.setFont(style.font, style.size)
        text = visual(line, right_to_left=self.right_to_left)
        start, end = self.margin + style.indent, self.width - self.margin - style.indent
        if self.right_to_left:
            start, end = end, start
        if align == "centre":
            self.canvas.drawCentredString(self.width / 2, y, text)
        elif (align == "start") == self.right_to_left:
            self.canvas.drawRightString(max(start, end), y, text)
        else:
            self.canvas.drawString(min(start, end), y, text)

    def paragraph(self, text: str, style: Style | None = None, *, align: str = "start", marker: str = "") -> None:
        """A paragraph flowed down the page, on a new page when it reaches the bottom margin; `marker` (a
        bullet, a number) stands before its first line, on the start side."""
        style = style or Style()
        line_height = style.size * style.leading
        width = self.width - 2 * self.margin - style.indent
        # The marker's width of indent for every line, so that an item's lines align after its marker.
        text_style = replace(style, indent=style.indent + MARKER_WIDTH) if marker else style
        for number, line in enumerate(self.lines(text, text_style, width - (MARKER_WIDTH if marker else 0))):
            if self.y - line_height < self.margin:
                self.new_page()
            self.y -= line_height
            if marker and number == 0:
                self.draw_line(marker, style, y=self.y, align="start")
            self.draw_line(line, text_style, y=self.y, align=align)
        self.y -= style.space_after

    def space(self, points: float) -> None:
        self.y -= points

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.height - self.margin

    def pdf(self) -> bytes:
        """The finished document."""
        self.canvas.save()
        return self.buffer.getvalue()
