"""The annual report as a PDF (reportlab): the headline figures, each chart (pygal's own SVG, read by svglib, so
the PDF and the page draw the same picture) with its table, and the other tables."""

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable
from svglib.svglib import PX_TO_PT, svg2rlg

from cphelpdesk.insight import charts
from cphelpdesk.insight.figures import Table, Tile

MARGIN = 18 * mm
# svglib turns a nested <svg>'s width and height from px to pt while the rest of the drawing keeps its units, so
# the world map (pygal draws it in a nested <svg>) came out three quarters size and off centre: undo that.
NESTED_SVG = re.compile(rb'(<svg\b[^>]*?\bwidth=")([\d.]+)("\s+height=")([\d.]+)(")')
TABLE_STYLE = TableStyle([
    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def report(*, title: str, period: str, filters: str, tiles: list[Tile], charts: list[tuple[str, Table]],
           tables: list[Table]) -> bytes:
    """The report as PDF bytes (A4): title, period and filters, headline figures, charts with tables, tables."""
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=f"{title}, {period}", author="CP Helpdesk")
    story = [Paragraph(escape(title), styles["Title"]), Paragraph(escape(period), styles["Heading2"]),
             Paragraph(escape(filters), styles["Normal"]), Spacer(0, 4 * mm),
             Paragraph(escape(_("Headline figures")), styles["Heading2"])]
    story += [Paragraph("• " + escape(tile.text), styles["Normal"]) for tile in tiles]
    for name, table in charts:
        story += [Spacer(0, 6 * mm), KeepTogether([Paragraph(escape(table.caption), styles["Heading3"]),
                                                   _drawing(name, table, document.width)]),
                  Spacer(0, 2 * mm), _table(table, styles, document.width)]
    for table in tables:
        story += [Spacer(0, 6 * mm), Paragraph(escape(table.caption), styles["Heading3"]),
                  _table(table, styles, document.width)]
    document.build(story)
    return out.getvalue()


def _drawing(name: str, table: Table, width: float):
    """The chart's SVG as a reportlab drawing, scaled to the text width."""
    svg = NESTED_SVG.sub(_px_to_pt, charts.render(name, table))
    drawing = svg2rlg(io.BytesIO(svg))
    scale = width / drawing.width
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.scale(scale, scale)
    return drawing


def _px_to_pt(match: re.Match) -> bytes:
    width, height = (float(match[number]) / PX_TO_PT for number in (2, 4))
    return b"%s%.1f%s%.1f%s" % (match[1], width, match[3], height, match[5])


def _table(table: Table, styles, width: float) -> PdfTable:
    """The table with its header repeated on each page; the first column (the labels) gets the most room."""
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    head = styles["BodyText"].clone("head", fontSize=8, leading=10, fontName="Helvetica-Bold")
    rows = [[Paragraph(escape(str(label)), head) for label in table.header]]
    rows += [[Paragraph(escape(str(value)), cell) for value in row] for row in table.rows] or [
        [Paragraph(escape(_("Nothing in this period.")), cell)] + [""] * (len(table.header) - 1)]
    columns = len(table.header)
    first = width * (0.6 if columns == 2 else 0.4 if columns < 5 else 0.25) if columns > 1 else width
    others = [(width - first) / (columns - 1)] * (columns - 1) if columns > 1 else []
    result = PdfTable(rows, colWidths=[first, *others], repeatRows=1, hAlign="LEFT")
    result.setStyle(TABLE_STYLE)
    return result
