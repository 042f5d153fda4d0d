"""The dashboard's charts: server-rendered SVG (pygal) without any script, served as images."""

import re

from django.utils.translation import gettext as _

from cphelpdesk.insight.figures import Table

# How each chart draws its table: "stacked" the columns between the first and the total as stacked bars,
# "grouped" the given columns side by side, "bars" the given columns as horizontal bars (longest lists: the first
# rows), "series" the table's numeric series, "map" the world; then any pygal options. With `secondary_range`
# the last series (a percentage) goes on a second axis.
PERCENT = (0, 100)
CHARTS = {
    "channels": ("stacked", None, {}),
    "regions": ("bars", (1,), {}),
    "topics": ("bars", (1,), {}),
    "map": ("map", None, {}),
    "timeliness": ("series", None, {"secondary_range": PERCENT}),
    "referrals": ("stacked", None, {}),
    "reach": ("series", None, {"range": PERCENT}),
    "members": ("bars", (1,), {}),
    "gaps": ("grouped", (1, 2), {}),
    "resource_use": ("bars", (1, 2), {}),
    "published": ("grouped", (1, 2), {}),
}
CHART_NAMES = tuple(CHARTS)
WIDTH, HEIGHT = 800, 400
# pygal always writes its configuration as an inline script, even with js=[]; the chart needs none.
SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)
STYLE = {"background": "white", "plot_background": "white", "font_family": "system-ui, sans-serif",
         "colors": ("#1f5f8b", "#d9822b", "#3c8d5a", "#8e44ad", "#c0392b", "#7f8c8d")}


def _config(pygal, title: str):
    config = pygal.Config(js=[])  # no script: the SVG is shown as an image, the table below carries the data
    config.title = title
    config.style = pygal.style.Style(**STYLE)
    config.width, config.height = WIDTH, HEIGHT
    config.disable_xml_declaration = False
    config.print_values = False
    config.show_legend = True
    config.truncate_label = 40
    config.no_data_text = _("Nothing in this period")
    return config


def render(name: str, table: Table) -> bytes:
    """The SVG of chart `name` drawn from its data table."""
    # pygal and the world map's outlines (8 MB) load with the first chart drawn, not in every process that reads
    # the URL configuration (the task worker); the web server preloads them before it forks (wsgi.py).
    import pygal  # noqa: PLC0415
    import pygal.style  # noqa: PLC0415

    from cphelpdesk.insight.worldmap import LightWorld  # noqa: PLC0415

    kind, columns, options = CHARTS[name]
    config = _config(pygal, table.caption)
    config(**options)
    if kind == "map":
        chart = LightWorld(config, legend_at_bottom=True)
        codes = [row[1].lower() for row in table.rows]
        for label, values in table.series.items():
            chart.add(label, {code: value for code, value in zip(codes, values, strict=True) if value})
    elif kind == "bars":
        chart = pygal.HorizontalBar(config, show_legend=len(columns) > 1, legend_at_bottom=True)
        rows = list(reversed(table.rows[:15]))
        chart.x_labels = [str(row[0]) for row in rows]
        for column in columns:
            chart.add(table.header[column], [row[column] for row in rows])
    else:
        chart = (pygal.StackedBar if kind == "stacked" else pygal.Bar)(config, x_label_rotation=30,
                                                                        legend_at_bottom=True)
        chart.x_labels = [str(row[0]) for row in table.rows]
        if kind == "series":
            series = list(table.series.items())
        else:
            series = [(table.header[column], [row[column] for row in table.rows])
                      for column in (columns or range(1, len(table.header) - 1))]
        for number, (label, values) in enumerate(series, start=1):
            if any(values) or kind != "stacked":
                chart.add(label, values, secondary="secondary_range" in options and number == len(series))
    return SCRIPT.sub(b"", chart.render())
