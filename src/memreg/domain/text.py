"""What text the register can hold: valid Unicode, without NUL."""

from __future__ import annotations


def text_fault(value: str) -> str | None:
    """Why `value` cannot be stored as text (a NUL, a lone surrogate); None when it can.

    A lone surrogate (half of a UTF-16 pair, as a broken client sends "\\ud83d") is not a
    character: no UTF-8 text holds one, and a register that kept it could not answer with it.
    """
    if "\x00" in value:
        return "contains a NUL character"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            code = ord(value[exc.start])
            return f"is not valid Unicode text (it holds a lone surrogate, U+{code:04X})"
    return None
