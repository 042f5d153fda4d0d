"""The dashboard's charts: server-rendered SVG (pygal) without any script, served as images."""

import re

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from cphelpdesk.insight.figures import Table

CHART_NAMES = ("channels", "regions", "topics")
# pygal always writes its configuration as an inline script, even with js=[]; the chart needs none.
SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)
STYLE = Style(background="white", plot_background="white", font_family="system-ui, sans-serif",
              colors=("#1f5f8b", "#d9822b", "#3c8d5a", "#8e44ad", "#c0392b", "#7f8c8d"))


def _config(title: str) -> pygal.Config:
    config = pygal.Config(js=[])  # no script: the SVG is shown as an image, the table below carries the data
    config.title = title
    config.style = STYLE
    config.width, config.height = 800, 400
    config.disable_xml_declaration = False
    config.print_values = False
    config.show_legend = True
    config.truncate_label = 40
    config.no_data_text = _("No requests in this period")
    return config


def render(name: str, table: Table) -> bytes:
    """The SVG of chart `name` drawn from its data table."""
    if name == "channels":
        chart = pygal.StackedBar(_config(table.caption), x_label_rotation=30, legend_at_bottom=True)
        chart.x_labels = [row[0] for row in table.rows]
        for column, label in enumerate(table.header[1:-1], start=1):
            values = [row[column] for row in table.rows]
            if any(values):
                chart.add(label, values)
    else:
        chart = pygal.HorizontalBar(_config(table.caption), show_legend=False)
        rows = table.rows[:15]
        chart.x_labels = [str(row[0]) for row in reversed(rows)]
        chart.add(table.header[1], [row[1] for row in reversed(rows)])
    return SCRIPT.sub(b"", chart.render())
