"""Exception types. Every message names the input and says what to do next."""

from __future__ import annotations


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message``, cut to 200 characters: how an error line shows an exception."""
    text = str(exc).strip()
    message = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {message}"[:200] if message else type(exc).__name__


class SitroomError(Exception):
    """Base class: ``str(err)`` is one line a user can act on."""

    hint: str = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint or self.hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(SitroomError):
    """One input (a file, a record, a URL) could not be read as an article."""

    def __init__(self, source: str, problem: str, hint: str = "", step: str = "read") -> None:
        super().__init__(f"{source}: {problem}", hint)
        self.source = source
        self.problem = problem
        self.step = step  # where it failed: "read", a stage key ("quotes.v1"), "store", ...


class ConfigError(SitroomError):
    """A setting is missing or has a value sitroom cannot use."""


class ModelNotFound(SitroomError):
    """No spaCy model that sitroom can use is installed."""


class PipelineError(SitroomError):
    """A pipeline's stages do not fit together, or a stage name is unknown."""


class BudgetExceeded(SitroomError):
    """An article took longer than ``nlp.time_budget_s``; raised between stages and in long loops."""


class StoreError(SitroomError):
    """The article store cannot be opened or written."""
