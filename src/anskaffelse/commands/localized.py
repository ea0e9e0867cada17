"""typer's and click's own words in the user's language: "Usage:", "Options", "[default: …]", "Error:", ….

typer prints some words of its own. Part of them it looks up with `gettext.gettext` in typer/core.py
(the section titles, "[default: …]", "[required]", "No such command"); the rest are fixed English in
its copy of click (`typer._click`: "Usage:", "Show this message and exit.", "Try … for help.",
"Error:", "No such option", "Missing argument", "Invalid value for …", "Got unexpected extra
argument(s)"). Without changing typer:

- typer's gettext calls are answered from our catalogs: `typer.core._` is our `_` (typer reads it
  when it formats, so the language is that of the moment, as for every other message);
- the classes below use click's own hooks: a context whose help formatter writes "Usage:" and the
  types typer names after an option ("<path>", "<str>"); the help option's help text; "[OPTIONS]"
  and "COMMAND [ARGS]..." in the usage line; and usage errors, which are caught where a command
  parses its arguments and shown again with the message rebuilt in the user's language from the
  exception's details (the option, the parameter, pydantic's error type).

Exit codes and streams stay as click has them: 2 for a usage error, the usage on stderr.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import typer
import typer.core
from typer._click import exceptions as click_errors
from typer._click.core import Command as ClickCommand
from typer._click.formatting import HelpFormatter
from typer._click.utils import _escape_control_characters
from typer.core import TyperCommand, TyperGroup, TyperOption

from ..locale.messages import _

try:
    from .coercion import quicken
except ImportError:  # typer's private coercion moved: its own (slower) coercion still does the work
    def quicken(params: list[Any]) -> None:
        return None

# typer/core.py does `from gettext import gettext as _` and calls `_` when it formats help and errors.
typer.core._ = _


def _typer_gettext_words() -> tuple[str, ...]:
    """The words typer/core.py looks up with gettext, here so that `scripts/messages.py` puts them in our
    catalog; tests/test_messages_cli.py checks that every word typer looks up is translated."""
    return (_("Arguments"), _("Options"), _("Commands"), _("default: {default}"), _("required"),
            _("env var: {var}"), _("(dynamic)"), _("Aborted!"), _("Missing command."),
            _("No such command {name!r}."))


class LocalizedFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        # typer ends an option's or argument's name with the type it takes ("-o, --out <path>").
        super().write_dl([(_TYPE_TAG.sub(_type_tag, name), text) for name, text in rows], col_max, col_spacing)


_TYPE_TAG = re.compile(r"(?<= )<[^<>]+>$")


def _type_tag(found: re.Match[str]) -> str:
    """The types typer names in help ("<path>") in the user's language, for the types our options take."""
    tags = {"<path>": _("<path>"), "<dir>": _("<dir>"), "<str>": _("<str>"), "<int>": _("<int>"),
            "<int range>": _("<int range>"), "<list[Path]>": _("<list[Path]>")}
    return tags.get(found.group(0), found.group(0))


class LocalizedContext(typer.Context):
    formatter_class = LocalizedFormatter


class _Localized(ClickCommand):
    """What groups and commands share: the context above, the help option, the usage line, the errors."""

    context_class = LocalizedContext

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
            quicken([option])
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        words = {"[OPTIONS]": _("[OPTIONS]"), "COMMAND [ARGS]...": _("COMMAND [ARGS]...")}
        return [words.get(piece, piece) for piece in super().collect_usage_pieces(ctx)]

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        quicken(self.params)
        with _translated_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _translated_errors():
            return super().invoke(ctx)


class LocalizedCommand(_Localized, TyperCommand):
    pass


class LocalizedGroup(_Localized, TyperGroup):
    pass


class LocalizedTyper(typer.Typer):
    """A `typer.Typer` whose groups and commands are the classes above."""

    def __init__(self, *, cls: type[TyperGroup] | None = None, **settings: Any) -> None:
        super().__init__(cls=cls or LocalizedGroup, **settings)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **settings: Any) -> Any:
        return super().command(name, cls=cls or LocalizedCommand, **settings)

    def narrowed_to(self, name: str) -> LocalizedTyper:
        """This command line with only its command or group `name`; itself when it has none of that name.

        typer turns every command's signature into click options before it runs one; a process
        that runs one named command spares the rest (a command line of many commands starts
        some 20 ms sooner). A group added without a name lends its commands to this one: it is kept.
        """
        from typer.main import get_command_name, solve_typer_info_defaults

        commands = [c for c in self.registered_commands
                    if c.callback is not None and (c.name or get_command_name(c.callback.__name__)) == name]
        named = [(g, solve_typer_info_defaults(g).name) for g in self.registered_groups]
        groups = [g for g, group_name in named if group_name == name or not group_name]
        if not commands and len(groups) == sum(1 for _g, group_name in named if not group_name):
            return self
        narrowed = copy.copy(self)
        narrowed.registered_commands, narrowed.registered_groups = commands, groups
        return narrowed


class TranslatedUsageError(click_errors.UsageError):
    """A usage error of click's, shown as click shows it, in the user's language."""

    def __init__(self, original: click_errors.UsageError) -> None:
        super().__init__(usage_message(original), original.ctx)
        self.exit_code = original.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = _("Try '{command} {option}' for help.").format(
                    command=self.ctx.command_path, option=self.ctx.help_option_names[0]) + "\n"
            typer.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=file is None, color=color)
        typer.echo(_("Error: {message}").format(message=self.format_message()), file=file, err=file is None,
                   color=color)


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except (TranslatedUsageError, click_errors.NoArgsIsHelpError):
        raise  # translated already; or the help itself, which is
    except click_errors.UsageError as exc:
        raise TranslatedUsageError(exc) from exc


def usage_message(exc: click_errors.UsageError) -> str:
    """The message of a usage error, in the user's language (click's English when it is one we do not know)."""
    if isinstance(exc, click_errors.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click_errors.BadParameter):
        return _invalid(exc)
    if isinstance(exc, click_errors.NoSuchOption):
        message = _("No such option: {name}").format(name=_escape_control_characters(exc.option_name))
        if not exc.possibilities:
            return message
        return _("{message} (Possible options: {options})").format(
            message=message, options=", ".join(sorted(exc.possibilities)))
    return _other(exc.message)


def _missing(exc: click_errors.MissingParameter) -> str:
    if exc.param_hint is not None or exc.param is None:
        return exc.format_message()
    kind = exc.param_type or exc.param.param_type_name
    templates = {"argument": _("Missing argument {name}."), "option": _("Missing option {name}.")}
    if kind not in templates:
        return exc.format_message()
    text = templates[kind].format(name=_param_hint(exc.param))
    message, extra = exc.message, exc.param.get_missing_message(exc.ctx)
    if extra:
        message = f"{message}. {extra}" if message else extra
    return f"{text} {message}" if message else text


def _invalid(exc: click_errors.BadParameter) -> str:
    reason = _reason(exc)
    if exc.param_hint is not None:
        return exc.format_message()
    if exc.param is None:
        return _("Invalid value: {reason}").format(reason=reason)
    return _("Invalid value for {name}: {reason}").format(name=_param_hint(exc.param), reason=reason)


def _param_hint(param: Any) -> str:
    """'--out' / '-o', as click names an option or argument in an error, with the environment variable."""
    if not isinstance(param, TyperOption):
        return str(param.get_error_hint())
    names = " / ".join(f"'{name}'" for name in (param.opts or [param.display_name_raw]))
    if param.show_envvar and param.envvar is not None:
        return _("{names} (env var: '{variable}')").format(names=names, variable=param.envvar)
    return names


def _reason(exc: click_errors.BadParameter) -> str:
    """Why a value was refused: pydantic's error (typer converts values with it), or a path that is wrong."""
    return _conversion_reason(exc) or _path_reason(exc.message) or exc.message


def _conversion_reason(exc: click_errors.BadParameter) -> str | None:
    errors = getattr(exc.__cause__, "errors", None)
    found = errors() if callable(errors) else None
    if not found:
        return None
    templates = {
        "int_parsing": _("Input should be a valid integer, unable to parse string as an integer"),
        "int_from_float": _("Input should be a valid integer, got a number with a fractional part"),
        "int_type": _("Input should be a valid integer"),
        "less_than_equal": _("Input should be less than or equal to {le}"),
        "greater_than_equal": _("Input should be greater than or equal to {ge}"),
        "less_than": _("Input should be less than {lt}"),
        "greater_than": _("Input should be greater than {gt}"),
    }
    template = templates.get(str(found[0].get("type", "")))
    if template is None:
        return None
    try:
        return template.format(**(found[0].get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return None


def _path_reason(message: str) -> str | None:
    found = _PATH_PROBLEM.fullmatch(message)
    if found is None:
        return None
    if found["problem"] == "does not exist":
        return _("dir {name} does not exist.").format(name=found["name"])
    return _("dir {name} is a file.").format(name=found["name"])


# The messages of typer's path checks (typer/_param_types.py) for a folder option (`--library`).
_PATH_PROBLEM = re.compile(r"dir (?P<name>.+) (?P<problem>does not exist|is a file)\.", re.S)
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)", re.S)
_REQUIRES = re.compile(r"Option (?P<name>.+) (?P<problem>requires an argument|requires (?P<count>\d+) arguments"
                       r"|does not take a value)\.", re.S)
_DID_YOU_MEAN = re.compile(r"(?P<message>.*)\. Did you mean (?P<suggestions>.+)\?", re.S)


def _other(message: str) -> str:
    """The messages click and typer write as fixed English text (typer's own gettext ones come translated)."""
    found = _DID_YOU_MEAN.fullmatch(message)
    if found:
        return _("{message}. Did you mean {suggestions}?").format(message=found["message"],
                                                                  suggestions=found["suggestions"])
    found = _EXTRA_ARGUMENTS.fullmatch(message)
    if found:
        return _("Got unexpected extra argument(s) ({arguments})").format(arguments=found["arguments"])
    found = _REQUIRES.fullmatch(message)
    if found:
        if found["count"]:
            return _("Option {name} requires {count} arguments.").format(name=found["name"], count=found["count"])
        if found["problem"] == "requires an argument":
            return _("Option {name} requires an argument.").format(name=found["name"])
        return _("Option {name} does not take a value.").format(name=found["name"])
    return message
