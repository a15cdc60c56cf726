"""Each component macro, rendered alone from example records.

Like GOV.UK Frontend's component examples: every macro has an example here
whose structure is asserted, and all of them together are checked with
axe-core in Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.support import NullTranslations
from clearinghouse.pipeline import Options, build_site
from clearinghouse.publish.head import FeedLink
from clearinghouse.publish.pager import Pager
from clearinghouse.publish.publisher import Publisher
from clearinghouse.publish.template_runtime import globals_changed
from clearinghouse.site import urls
from clearinghouse.site.charts import alerts_per_year, top_violations
from conftest import FIXTURES, REPO
from pelican.settings import read_settings


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    settings = read_settings(str(REPO / "pelicanconf.py"))
    site = build_site(Options.from_settings(settings, FIXTURES / "minimal"))
    publisher = Publisher(site=site, settings=settings, output=tmp_path_factory.mktemp("out"), theme=REPO / "theme")
    publisher.env.install_gettext_translations(NullTranslations(), newstyle=True)

    def render(component: str, call: str, lang: str = "en", **values) -> str:
        # as pages import components: without context, the page's language a global (Publisher.use_language)
        publisher.env.globals["lang"] = lang
        globals_changed(publisher.env)
        source = f'{{% from "components/{component}.html" import {component} %}}{{{{ {call} }}}}'
        return publisher.env.from_string(source).render(lang=lang, site=site, **values)

    render.site = site
    return render


def alert(render, alert_id: str):
    return next(a for a in render.site.alerts if a.id == alert_id)


EXAMPLES: dict[str, str] = {}


def example(name: str, html: str) -> str:
    EXAMPLES[name] = html
    return html


def test_alert_card(render):
    html = example(
        "alert card", render("alert_card", "alert_card(item, lang)", item=alert(render, "gh-editor-released"))
    )
    assert (
        '<h3 class="alert-card__title"><a href="/alerts/gh-editor-released/">Editor released on bail</a></h3>' in html
    )
    assert "Ghana" in html and "Update" in html and "20 March 2026" in html


def test_alert_card_in_another_language_says_so(render):
    html = render("alert_card", "alert_card(item, lang)", lang="fr", item=alert(render, "gh-editor-released"))
    assert 'lang="en"' in html and "Not yet translated: in Anglais" in html


def test_alert_card_in_another_direction_marks_its_own_texts_alone(render):
    """On an Arabic page an English card's title runs left to right; its type, date and note do not.
    Its summary is left out: the alert's page has it (issue 16)."""
    html = render("alert_card", "alert_card(item, lang)", lang="ar", item=alert(render, "gh-editor-released"))
    assert '<article class="alert-card">' in html
    assert '<h3 class="alert-card__title" lang="en" dir="ltr"><a href=' in html
    assert "alert-card__summary" not in html
    translated = render(
        "alert_card", "alert_card(item, lang)", lang="fr", item=alert(render, "gh-editor-detained").translations["fr"]
    )
    assert '<p class="alert-card__summary">Des agents ont détenu' in translated
    assert '<p class="alert-card__language">' in html and '<p class="alert-card__meta">' in html


def test_appeal_box_closed_and_open(render):
    item = alert(render, "gh-editor-detained")
    closed = example("appeal box (closed)", render("appeal_box", "appeal_box(item.appeal, lang)", item=item))
    assert "Appeal closed" in closed and "Write now" not in closed
    item.appeal.is_open = True
    try:
        opened = example("appeal box (open)", render("appeal_box", "appeal_box(item.appeal, lang)", item=item))
    finally:
        item.appeal.is_open = False
    assert "Please write before 30 April 2026" in opened
    assert 'class="button" href="mailto:minister@interior.example?subject=' in opened
    assert "Release Kofi Testman at once." in opened and "Dear Minister" in opened


def test_case_timeline_marks_the_current_item(render):
    item = alert(render, "gh-editor-released")
    html = example(
        "case timeline", render("case_timeline", "case_timeline(item.case.items, lang, current=item)", item=item)
    )
    assert html.index("Editor detained in Accra") < html.index("Editor released on bail")
    assert 'aria-current="page"' in html and "<strong>Editor released on bail</strong>" in html
    assert "Status: Released" in html


def test_chart_draws_bars_and_says_the_numbers(render):
    alerts = render.site.alerts
    years = example(
        "chart (years)", render("chart", "chart(data, 'Alerts per year', 'c1')", data=alerts_per_year(alerts))
    )
    # one path, one closed shape per year with alerts
    with_alerts = sum(1 for bar in alerts_per_year(alerts).bars if bar.value)
    assert (
        years.count("<path") == 1
        and years.split('<path d="')[1].split('"')[0].count("z") == with_alerts
        and '<th scope="row">2026</th><td>3</td>' in years
    )
    kinds = example(
        "chart (violations)",
        render("chart", "chart(data, 'Most frequent violations', 'c2')", data=top_violations(alerts)),
    )
    bars = kinds.split('<path d="')[1].split('"')[0]
    assert "Arbitrary detention" in kinds and bars.count("z") == 3 and bars.startswith("M0 ")


def test_at_a_glance_shows_both_charts_under_one_heading(render):
    alerts = render.site.alerts
    charts = {"years": alerts_per_year(alerts), "violations": top_violations(alerts)}
    html = example("at a glance", render("at_a_glance", "at_a_glance(charts)", charts=charts))
    assert html.startswith('<section aria-labelledby="charts-heading">\n  <h2 id="charts-heading">At a glance</h2>')
    assert html.index('id="chart-years-caption">Alerts per year<') < html.index(
        'id="chart-violations-caption">Most frequent violations<'
    )
    assert html.count('<figure class="chart"') == 2 and html.endswith("</section>\n")
    empty = render("at_a_glance", "at_a_glance(charts)", charts={"years": None, "violations": None})
    assert empty == "", "a list with no alert shows no heading without charts"


def test_world_map_is_a_picture_of_its_table(render):
    from clearinghouse.site.world_map import WorldMaps

    maps = WorldMaps(render.site)
    world = maps.world("en")
    html = example("world map", render("world_map", "world_map(data)", data=world))
    assert html.count("<a href=") == len(world.shapes) + len(world.rows) + 1  # shapes, table rows, /countries/
    ghana = next(shape for shape in world.shapes if shape.country.code == "GH")
    noun = "alert" if ghana.count == 1 else "alerts"
    assert (
        f'<a href="/countries/gh/" class="s{ghana.shade}"><title>Ghana: {ghana.count} {noun}</title><path d="M' in html
    )
    assert html.count('<tr><th scope="row">') == len(world.rows) and 'class="swatch s0"' in html
    africa = render("world_map", "world_map(data)", data=maps.region(render.site.vocab.regions["africa"], "en"))
    assert '/countries/gh/"' in africa and '/countries/fr/"' not in africa
    assert maps.region(render.site.vocab.regions["global"], "en") is None


def test_pagination_offers_a_window_not_every_page(render):
    pager = Pager(50, 100, lambda n: urls.alerts("en", n))  # page 50 of 100, counted from the oldest
    html = example("pagination", render("pagination", "pagination(pager)", pager=pager))
    assert '<a href="/alerts/page/50/" aria-current="page">50</a>' in html
    assert '<a href="/alerts/">Latest</a>' in html and '<a href="/alerts/page/1/">1</a>' in html
    assert '<a href="/alerts/page/100/">' not in html and html.count("…") == 2
    assert '<a href="/alerts/page/51/" rel="prev">' in html and '<a href="/alerts/page/49/" rel="next">' in html
    assert html.count("<li") == 11  # newer, latest, …, 52-48, …, 1, older


def test_pagination_of_the_first_address_and_of_a_language_edition(render):
    first = render("pagination", "pagination(pager)", pager=Pager(0, 100, lambda n: urls.alerts("en", n)))
    assert '<a href="/alerts/" aria-current="page">Latest</a>' in first
    assert 'rel="prev"' not in first and '<a href="/alerts/page/100/" rel="next">' in first
    french = Pager(0, 100, lambda n: urls.alerts("fr", n), elsewhere=urls.alerts("en", 99))
    html = example(
        "pagination (a language edition)", render("pagination", "pagination(pager)", pager=french, lang="fr")
    )
    assert '<a href="/alerts/page/99/" hreflang="en">' in html and "page/98" not in html


def test_numbered_pages_keep_what_they_show_when_the_list_grows():
    """A full page's links change only near the newest pages (urls.md, "Pagination")."""
    old, grown = (Pager(40, full, lambda n: urls.alerts("en", n)) for full in (100, 101))
    assert old.fingerprint() == grown.fingerprint()
    near_old, near_grown = (Pager(99, full, lambda n: urls.alerts("en", n)) for full in (100, 101))
    assert near_old.fingerprint() != near_grown.fingerprint()


def test_breadcrumbs_lead_to_the_pages_above_and_not_to_this_one(render):
    html = example(
        "breadcrumbs",
        render("breadcrumbs", "breadcrumbs([('Home', ''), ('Africa', 'regions/africa/'), ('Ghana', 'countries/gh/')])"),
    )
    assert '<li><a href="/regions/africa/">Africa</a></li>' in html
    assert '<li><a href="/countries/gh/">Ghana</a></li>' in html and "aria-current" not in html
    assert render("breadcrumbs", "breadcrumbs([])").strip() == ""  # the top of the site has none


def test_follow_feeds_give_both_formats(render):
    feeds = [FeedLink("countries", "GH", "Ghana")]
    html = example("follow feeds", render("follow_feeds", "follow_feeds(feeds)", feeds=feeds))
    assert 'href="/feeds/countries/gh.atom"' in html and 'href="/feeds/countries/gh.rss"' in html


def test_feed_links_list_each_feed_with_copyable_addresses(render):
    from alert_feeds.catalogue import Listing

    listings = [
        Listing("Ghana", "Ghana — alerts", 3, "feeds/countries/gh.atom", "feeds/countries/gh.rss", "countries/gh/")
    ]
    html = example("feed links (the /feeds/ list)", render("feed_links", "feed_links(listings)", listings=listings))
    assert "Ghana" in html and "(3 alerts)" in html
    assert (
        '<a href="/feeds/countries/gh.atom" type="application/atom+xml" dir="ltr">/feeds/countries/gh.atom</a>' in html
    )


def test_every_example_passes_axe(chromium):
    assert len(EXAMPLES) >= 9, "run with the other component tests"
    css = (REPO / "theme/static/css/site.css").read_text(encoding="utf-8")
    body = "\n".join(f"<section><h2>{name}</h2>{html}</section>" for name, html in EXAMPLES.items())
    page = chromium.new_page()
    page.set_content(
        f'<!doctype html><html lang="en"><head><title>Components</title><style>{css}</style></head>'
        f"<body><main><h1>Components</h1>{body}</main></body></html>"
    )
    page.add_script_tag(path=str(Path(__file__).parent / "js/node_modules/axe-core/axe.min.js"))
    import json

    violations = json.loads(page.evaluate("async () => JSON.stringify((await axe.run(document)).violations)"))
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    page.close()
    assert not serious, serious
