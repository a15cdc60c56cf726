"""Four of Jinja's per-page steps, made cheaper without changing a byte.

A 10,000-alert build renders some 31,000 pages; each output expression
passes through `escape` (about 140 per page) and each call in a template
through `Context.call` (about 80 per page). Together they were a fifth of
the time spent rendering pages:

- markupsafe's `escape` builds a new `Markup` through Python-level
  `Markup.__new__`, even for a value that already is `Markup` (every card,
  frame and translated text we pass in is). `escape` below returns such a
  value as it is and wraps escaped text without the detour; anything else
  goes to markupsafe.
- importing a macro without context (`{% from "x.html" import m %}`)
  works out which globals the importer adds with a Python-level set
  difference; `EscapingTemplate._get_default_module` does it in C.
- `Context.call` looks up `__call__` and `jinja_pass_arg` twice before
  calling anything, to find callables that want the context. Plain
  functions and methods without the mark are called directly; the rest
  (macros, `ngettext`, anything marked with `pass_context`) keep Jinja's
  path.

- importing a component `with context` makes a new module of its
  template on every page that imports it (two or three per page, 70,000
  per build). Components are imported without context: a module per
  language, made again when `use_language` changes the globals
  (`globals_changed`), whose macros see the page's language as the global
  `lang`.

The first three take effect through the Environment's documented
`context_class` and `template_class` hooks, for our environment only
(`speed_up`).
tests/test_template_runtime.py checks each against Jinja's and
markupsafe's own results.
"""

from __future__ import annotations

import typing as t
from types import BuiltinFunctionType, FunctionType, MethodType

import markupsafe
from jinja2 import Environment, Template
from jinja2.runtime import Context
from markupsafe import Markup
from markupsafe._speedups import _escape_inner

_PLAIN_CALLABLES = frozenset((FunctionType, MethodType, BuiltinFunctionType))
_new_str = str.__new__


def escape(value: t.Any, /) -> Markup:
    """markupsafe.escape(value), the same result, faster for str and Markup."""
    kind = type(value)
    if kind is Markup:
        return value  # immutable: the same object is as good as a copy
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    return markupsafe.escape(value)


class PlainCallContext(Context):
    """A template context that calls plain functions without Jinja's inspection."""

    def call(__self, __obj: t.Callable[..., t.Any], *args: t.Any, **kwargs: t.Any) -> t.Any:  # noqa: N805
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:  # only pass_context callables use these
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja does: a leaked StopIteration would end the template early
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class EscapingTemplate(Template):
    """A template whose compiled code escapes output with `escape` above."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: t.MutableMapping[str, t.Any], globals):  # noqa: A002
        # The compiled module imported jinja2.runtime.escape into this
        # namespace; its render, block and macro functions all read it here.
        namespace["escape"] = escape
        return super()._from_namespace(environment, namespace, globals)

    def _get_default_module(self, ctx: Context | None = None) -> t.Any:
        """Jinja's, with the question "does the importing context add globals?" asked in C,
        and the module made again once the environment's globals changed.

        Every `{% from … import … %}` without context asks it: Jinja takes
        `ctx.globals_keys - self.globals.keys()`, a Python-level
        `ChainMap.__contains__` per key (1.4 million calls in a 10,000-alert
        build). `set.difference` over the ChainMap lists its keys once. When
        nothing is added, the cached module is Jinja's own; otherwise Jinja's path.

        The module's macros see the globals as they were when it was made
        (`gettext`, `lang`: `Publisher.use_language` sets them per language
        and calls `globals_changed`); Jinja would keep the first language's.
        """
        if ctx is not None and not ctx.globals_keys.difference(self.globals):
            generation = getattr(self.environment, _GENERATION, 0)
            if self._module is None or getattr(self, _GENERATION, None) != generation:
                self._module = self.make_module()
                setattr(self, _GENERATION, generation)
            return self._module
        return super()._get_default_module(ctx)


_GENERATION = "globals_generation"  # on the environment: how often its globals changed; on a template: its module's


def globals_changed(env: Environment) -> None:
    """Say that `env.globals` changed: macros imported without context are made again with them."""
    setattr(env, _GENERATION, getattr(env, _GENERATION, 0) + 1)


def speed_up(env: Environment) -> Environment:
    """Use the cheaper steps in `env`; call before its first template is loaded."""
    env.context_class = PlainCallContext
    env.template_class = EscapingTemplate
    return env
