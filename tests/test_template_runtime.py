"""The cheaper escape and call steps give Jinja's and markupsafe's own results."""

from __future__ import annotations

import markupsafe
import pytest
from clearinghouse.publish.template_runtime import EscapingTemplate, PlainCallContext, escape, globals_changed, speed_up
from jinja2 import DictLoader, Environment, pass_context
from markupsafe import Markup


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class _Text(str):
    """A str subclass: must be escaped like any str, not trusted."""


@pytest.mark.parametrize(
    "value",
    ["", "plain", "<script>&'\"", "عربي <b>", Markup("<em>kept</em>"), _Text("<i>"), 42, None, 1.5, _Html()],
)
def test_escape_gives_markupsafes_result(value):
    ours, theirs = escape(value), markupsafe.escape(value)
    assert ours == theirs and type(ours) is type(theirs) is Markup


def _environment(templates: dict[str, str]) -> tuple[Environment, Environment]:
    """The same templates in a stock environment and in a sped-up one."""
    made = []
    for fast in (False, True):
        env = Environment(loader=DictLoader(templates), autoescape=True, extensions=["jinja2.ext.i18n"])
        env.install_gettext_callables(lambda s: s, lambda s, p, n: s if n == 1 else p, newstyle=True)
        made.append(speed_up(env) if fast else env)
    return made[0], made[1]


TEMPLATES = {
    "macros.html": "{% macro box(text) %}<div>{{ text }}</div>{% endmacro %}",
    "page.html": (
        '{% from "macros.html" import box %}'
        "{{ text }}|{{ html }}|{{ plain(text) }}|{{ box(text) }}|{{ who() }}|"
        "{% for x in items %}{{ plain(x) }}{{ who() }}{% endfor %}|"
        '{{ ngettext("%(num)s alert", "%(num)s alerts", 2) }}|{{ _("Home & away") }}|{{ items|length }}|'
        "{{ method(text) }}|{{ stopper() }}|{{ '%s'|format(text) }}|{{ 3 }}"
    ),
}


@pass_context
def _who(context) -> str:
    return f"<{context['name']}>"


def _stopper():
    raise StopIteration


def test_a_sped_up_environment_renders_the_same_bytes():
    stock, fast = _environment(TEMPLATES)
    values = dict(
        text="<b>&",
        html=Markup("<i>ok</i>"),
        plain=lambda value: f"[{value}]",
        who=_who,
        name="context seen",
        items=["<1>", "<2>"],
        method="{}!".format,
        stopper=_stopper,
    )
    expected = stock.get_template("page.html").render(**values)
    assert fast.get_template("page.html").render(**values) == expected
    assert "&lt;context seen&gt;" in expected and "&lt;b&gt;&amp;" in expected and "<i>ok</i>" in expected


def test_the_sped_up_steps_are_the_ones_in_use():
    _, fast = _environment(TEMPLATES)
    template = fast.get_template("page.html")
    assert isinstance(template, EscapingTemplate)
    assert template.root_render_func.__globals__["escape"] is escape
    assert isinstance(template.new_context({}), PlainCallContext)


def test_an_import_without_context_gets_jinjas_module():
    """The cached module when the importer adds no global; Jinja's own path when it does."""
    templates = {
        "macros.html": "{% macro box() %}[{{ extra | default('none') }}]{% endmacro %}",
        "page.html": '{% from "macros.html" import box %}{{ box() }}',
    }
    stock, fast = _environment(templates)
    macros = fast.get_template("macros.html")
    assert fast.get_template("page.html").render() == stock.get_template("page.html").render() == "[none]"
    first = macros._module
    fast.get_template("page.html").render()
    assert first is not None and macros._module is first  # made once, then reused
    # a template with a global of its own passes it on to what it imports, as in Jinja
    adding = fast.get_template("page.html", globals={"extra": "added"})
    expected = stock.get_template("page.html", globals={"extra": "added"}).render()
    assert adding.render() == expected == "[added]"


def test_a_module_imported_without_context_sees_the_globals_as_they_changed_last():
    """Components are imported without context, once per language (Publisher.use_language):
    their macros must see the language's globals, not the first language's."""
    templates = {
        "macros.html": "{% macro hello() %}{{ greeting }} ({{ lang }}){% endmacro %}",
        "page.html": '{% from "macros.html" import hello %}{{ hello() }}',
    }
    _, fast = _environment(templates)
    fast.globals.update(greeting="Hello", lang="en")
    globals_changed(fast)
    assert fast.get_template("page.html").render(lang="en") == "Hello (en)"
    fast.globals.update(greeting="Bonjour", lang="fr")
    assert fast.get_template("page.html").render(lang="fr") == "Hello (en)"  # Jinja's cached module, as before
    globals_changed(fast)
    assert fast.get_template("page.html").render(lang="fr") == "Bonjour (fr)"
    module = fast.get_template("macros.html")._module
    fast.get_template("page.html").render(lang="fr")
    assert fast.get_template("macros.html")._module is module  # made once per change
