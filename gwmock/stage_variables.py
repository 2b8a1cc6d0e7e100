"""Stage variables' rules, for REST stages (v1) and HTTP/WebSocket stages (v2) alike: names of word
characters, values of the characters each API type documents, within its quotas (100 a stage, names of
64 characters; values of 2,048 on REST stages, 512 on HTTP/WebSocket ones). The wording is v1's, as
users quote AWS ("Invalid stage variable name: x.  Please use names with only word characters.", a
missing value named ``null``); the quota refusals' wording is a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gwmock.errors import BadRequest

MAX_VARIABLES = 100  # "Stage variables per stage" (REST, HTTP and WebSocket API quotas)
MAX_NAME = 64  # "Length, in characters, of the key in a stage variable"
_NAME = re.compile(r"^[A-Za-z0-9_]+\Z")  # \Z: ``$`` would also take a final line break


@dataclass(frozen=True)
class Rules:
    """One API type's values: their characters (``value``, listed in the refusal as ``symbols``), length."""

    value: re.Pattern[str]
    symbols: str
    max_value: int


REST = Rules(re.compile(r"^[A-Za-z0-9\-._~:/?#&=, ]+\Z"), "' ', -', '.', '_', ':', '/', '?', '&', '=', and ','", 2048)
V2 = Rules(re.compile(r"^[A-Za-z0-9\-._~:/?#&=,]+\Z"),
           "'-', '.', '_', '~', ':', '/', '?', '#', '&', '=', and ','", 512)


def check_count(variables: dict[str, Any]) -> None:
    if len(variables) > MAX_VARIABLES:
        raise BadRequest(f"Too many stage variables: a stage can have at most {MAX_VARIABLES} stage variables")


def check(variables: dict[str, Any] | None, rules: Rules, *, removals: bool = False) -> None:
    """A 400 for the first variable ``rules`` refuse; ``removals``: an empty value (v2 UpdateStage's
    "remove this variable") passes."""
    if not variables:
        return
    check_count(variables)
    for key, value in variables.items():
        if not _NAME.match(key):
            raise BadRequest(f"Invalid stage variable name: {key}.  Please use names with only word characters.")
        if len(key) > MAX_NAME:
            raise BadRequest(f"Invalid stage variable name: {key}.  Names can be at most {MAX_NAME} "
                             "characters long.")
        if removals and value == "":
            continue
        if not isinstance(value, str) or not rules.value.match(value):
            shown = "null" if value is None else value  # Java's word for a missing value
            raise BadRequest(f"Invalid stage variable value: {shown}.  Please use values with alphanumeric "
                             f"characters and the symbols {rules.symbols}.")
        if len(value) > rules.max_value:
            raise BadRequest(f"Invalid stage variable value for {key}: values can be at most {rules.max_value} "
                             "characters long.")
