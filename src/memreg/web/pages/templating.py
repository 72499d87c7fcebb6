"""The Jinja environment of the public pages (autoescaped: every value shows as text).

Templates translate with `_()` / `ngettext()` / `{% trans %}` in the page's language, which
each page puts in its context as `lang`; filters show numbers, dates, countries, regions and
the register's vocabularies in that language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context

from memreg.web.pages import i18n, labels
from memreg.web.pages.problem_text import problem_text

HERE = Path(__file__).parent
environment = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=True, extensions=["jinja2.ext.i18n"]
)
templates = Jinja2Templates(env=environment)


def _lang(context: Context) -> str:
    lang = context.get("lang")
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


@pass_context
def _gettext(context: Context, message: str) -> str:
    return i18n.gettext(_lang(context), message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(_lang(context), singular, plural, n)


def _with_lang(function: Any) -> Any:
    """A filter whose last argument is the page's language."""

    @pass_context
    def wrapper(context: Context, value: Any, *args: Any) -> Any:
        return function(value, *args, _lang(context))

    return wrapper


templates.env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
for _name, _function in labels.FILTERS.items():
    templates.env.filters[_name] = _with_lang(_function)
templates.env.filters["problem_text"] = _with_lang(problem_text)
templates.env.globals["LANGUAGES"] = i18n.LANGUAGES
templates.env.globals["LANGUAGE_NAMES"] = i18n.LANGUAGE_NAMES
