"""Strict pydantic request models shared by the calculators: the gate before any conversion.

Every request is validated by a model with ``extra="forbid"`` (an unknown field such as
``"bulann"`` is refused by name), bounded string lengths and list sizes, and number fields
that accept only JSON numbers, Decimals and short decimal strings. Numbers are *not*
converted here: :func:`knowledge.calc.numbers.to_fraction` bounds the digits before it
converts, with the field named. A failure becomes one Indonesian ``InputError``.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Annotated, Any, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from knowledge.calc.numbers import MAX_TEXT
from knowledge.errors import InputError

MAX_NAME = 120  # an id, a jf, a golongan, a kegiatan: far longer than any real one
MAX_FREE_TEXT = 300  # instansi, unit kerja, nama instrumen
MAX_ITEMS = 100  # outputs, instrumen, wawancara scores


def check_number(value: Any) -> Any:
    """Return ``value`` when it may be a number (bounded), else raise a pydantic error."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise PydanticCustomError("angka", "harus berupa angka.")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise PydanticCustomError("angka", f"angka terlalu panjang (paling banyak {MAX_TEXT} "
                                           "karakter).")
    return value


Num = Annotated[Any, PlainValidator(check_number)]
Name = Annotated[str, Field(strict=True, max_length=MAX_NAME)]
Text = Annotated[str, Field(strict=True, max_length=MAX_FREE_TEXT)]
Flag = Annotated[bool, Field(strict=True)]


class Strict(BaseModel):
    """A request part: unknown fields refused, nothing coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


M = TypeVar("M", bound=Strict)

_TYPE_MESSAGES = {
    "bool_type": "isi dengan true atau false.",
    "string_type": "harus berupa teks.",
    "list_type": "harus berupa daftar [...].",
    "dict_type": "harus berupa objek {...}.",
    "model_type": "harus berupa objek {...}.",
    "model_attributes_type": "harus berupa objek {...}.",
    "missing": "wajib diisi.",
}


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _submodel(annotation: Any) -> type[Strict] | None:
    """Return the Strict model inside an annotation (X, list[X], dict[str, X], X | None)."""
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _submodel(typing.get_args(annotation)[0])
    if origin in (list, dict, Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _submodel(arg)
            if found is not None:
                return found
    return None


def _model_at(model: type[Strict], loc: tuple[int | str, ...]) -> type[Strict]:
    """Return the model that owns the last element of ``loc``."""
    for part in loc[:-1]:
        if isinstance(part, str) and part in model.model_fields:
            found = _submodel(model.model_fields[part].annotation)
            if found is not None:
                model = found
    return model


def _message(model: type[Strict], error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        owner = _model_at(model, tuple(error["loc"]))
        return ("kolom tidak dikenal; kolom yang diterima: "
                f"{', '.join(owner.model_fields)}.")
    if kind == "string_too_long":
        return f"terlalu panjang (paling banyak {ctx.get('max_length')} karakter)."
    if kind == "too_long":
        return f"terlalu banyak isian (paling banyak {ctx.get('max_length')})."
    if kind == "too_short":
        return f"isi paling sedikit {ctx.get('min_length')}."
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    if kind == "angka":
        return str(error["msg"])
    return "isinya tidak sesuai dengan yang diminta."


def validate(model: type[M], request: Any) -> M:
    """Return ``request`` as ``model`` or raise InputError naming the first bad field."""
    if not isinstance(request, dict):
        raise InputError("request", "harus berupa objek JSON {...}.")
    try:
        return model.model_validate(request)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(p for p in error["loc"] if isinstance(p, int | str))
        raise InputError(_path(loc) or "request", _message(model, error)) from None


def as_dict(value: Strict) -> dict[str, Any]:
    """Return the fields the caller set (None for an explicit null), nested models as dicts."""
    return value.model_dump(exclude_unset=True)
