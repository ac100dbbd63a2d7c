"""The fast decoder (the ``fast`` extra, msgspec) decodes exactly what the standard library does.

Every text, valid JSON or not, decodes to the same value (type for type: ``int`` of any
size, ``float`` with its sign and NaN, dict key order, a repeated key's last value) and
the same issue, with the fast decoder and without it; the command line's output is the
same byte for byte.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_schema import _json_text
from scenario_schema._json_text import decode_json, encode_json, standard_decode, standard_encode
from scenario_schema._options import MAX_DEPTH
from scenario_schema.cli import _batch, main


def _shape(value: Any) -> list[Any]:
    """A value with every type made explicit, flattened (any depth): equal shapes, equal values."""
    shape: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is list:
            shape.append(("list", len(item)))
            stack.extend(reversed(item))
        elif kind is dict:
            shape.append(("dict", list(item)))
            stack.extend(reversed(item.values()))
        elif kind is float:
            shape.append(("float", "nan" if math.isnan(item) else item.hex()))
        else:
            assert kind in (type(None), bool, int, str), kind
            shape.append((kind.__name__, item))
    return shape


def _outcome(decoded: tuple[Any, Any]) -> tuple[Any, Any]:
    payload, issue = decoded
    return _shape(payload), issue


@pytest.fixture
def fast() -> None:
    """Skip when the ``fast`` extra is not installed (it is, in the test environments)."""
    pytest.importorskip("msgspec", reason="the `fast` extra (msgspec) is not installed")
    assert _json_text.FAST_DECODER is not None


# --- JSON text, valid and not, with the edges where decoders differ ---------------------

_NUMBERS = st.from_regex(
    r"-?(0|[1-9][0-9]{0,40})(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,4})?", fullmatch=True
)
_EDGES = st.sampled_from(
    [
        "NaN", "Infinity", "-Infinity", "nan", "inf", "1e400", "-1e400", "1E+400", "0e999999",
        "1e-400", "-1e-400", "1.7976931348623159e308", "2.2250738585072011e-308", "4.9e-324",
        "2e-324", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
        "9" * 4300, "9" * 4301, "-0", "-0.0", "0.30000000000000004441", "01", "1.", ".5", "+1",
        '"\\ud800"', '"\\udc00"', '"\\ud83d\\ude00"', '"\\ud83dx"', '"\\uDFFF\\uD800"',
        '"\\u0000"', '"\\x"', '"\t"', '"\x7f"', '"\u2028"', '"\ud800"', '"\udcff"', "\ufeff",
        "true", "false", "null", "tru", "[", "]", "{", "}", ",", ":", "\x0c", "\xa0", "\u3000",
    ]
)  # fmt: skip
_WHITESPACE = st.text(alphabet=" \t\r\n", max_size=2)


def _string() -> st.SearchStrategy[str]:
    text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=8)
    return st.builds(json.dumps, text, ensure_ascii=st.booleans())


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """JSON text built token by token: numbers, strings, edges, objects with repeated keys."""

    def value(depth: int) -> str:
        choice = draw(st.integers(0, 9 if depth < 4 else 5))
        if choice == 0:
            token = draw(_NUMBERS)
        elif choice == 1:
            token = str(draw(st.integers(-(10**40), 10**40)))
        elif choice == 2:
            token = draw(_string())
        elif choice == 3:
            token = draw(_EDGES)
        elif choice <= 5:
            token = draw(st.sampled_from(["true", "false", "null", "0", "1.5", '""']))
        elif choice <= 7:
            items = [value(depth + 1) for _ in range(draw(st.integers(0, 3)))]
            token = "[" + ",".join(items) + "]"
        else:
            keys = draw(
                st.lists(st.sampled_from(['"a"', '"b"', '"\\u0061"', '"a\\ud800"']), max_size=4)
            )
            token = "{" + ",".join(f"{key}:{value(depth + 1)}" for key in keys) + "}"
        return draw(_WHITESPACE) + token + draw(_WHITESPACE)

    text = value(0)
    if draw(st.integers(0, 19)) == 0:  # a text cut short, or with a stray character
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "x", ",", "\x00", "]"])) + text[cut:]
    return text


def _as_bytes(text: str, garbage: bytes) -> bytes:
    return text.encode("utf-8", "surrogatepass") + garbage


_EXPLICIT = [
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "[1e400, -1e400, 1E+400]",
    "NaN",
    "[Infinity, -Infinity]",
    '"\\ud800"',
    '{"\\udc00": "\\ud83d\\ude00"}',
    '{"b": 1, "a": 2, "b": 3}',
    "[-0, -0.0, 0.0, -0e0]",
    "9" * 4301,
    "[" * (MAX_DEPTH + 5000) + "]" * (MAX_DEPTH + 5000),
    '{"id": "m", "a": ' + "[" * 2000 + "]" * 2000 + "}",
    "\ufeff{}",
    "{}\x0c",
    '"\ud800"',
    "",
    "   ",
    "[1,]",
    "0.1e-2",
]


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("text", _EXPLICIT, ids=range(len(_EXPLICIT)))
def test_the_fast_decoder_agrees_on_the_edges(text: str) -> None:
    assert _outcome(decode_json(text)) == _outcome(standard_decode(text))
    assert _outcome(decode_json(text, line=7)) == _outcome(standard_decode(text, line=7))
    data = _as_bytes(text, b"")
    assert _outcome(decode_json(data)) == _outcome(standard_decode(data))


def test_integers_of_any_size_stay_exact_and_1e400_is_infinity() -> None:
    """With the extra or without it (orjson would make the first two floats)."""
    payload, issue = decode_json("[18446744073709551616, -9223372036854775809, 1e400, -0.0]")
    assert issue is None
    assert payload[:2] == [2**64, -(2**63) - 1]
    assert [type(item) for item in payload] == [int, int, float, float]
    assert payload[2] == math.inf
    assert math.copysign(1.0, payload[3]) == -1.0


@pytest.mark.usefixtures("fast")
@given(_texts(), st.sampled_from([b"", b"\xff", b"\xc3", b"\xed\xa0\x80"]), st.booleans())
def test_the_fast_decoder_agrees_with_the_standard_library(
    text: str, garbage: bytes, as_bytes: bool
) -> None:
    data: str | bytes = _as_bytes(text, garbage) if as_bytes else text
    assert _outcome(decode_json(data, line=3)) == _outcome(standard_decode(data, line=3))


@pytest.mark.usefixtures("fast")
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=12,
), st.booleans())  # fmt: skip
def test_the_fast_decoder_agrees_on_what_json_dumps_writes(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert _outcome(decode_json(text)) == _outcome(standard_decode(text))
    assert _outcome(decode_json(text.encode())) == _outcome(standard_decode(text.encode()))


def test_without_the_extra_the_standard_library_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json_text, "FAST_DECODER", None)
    for text in _EXPLICIT:
        assert _outcome(decode_json(text)) == _outcome(standard_decode(text))


_LINES = [
    *(text.encode("utf-8", "surrogatepass") + b"\n" for text in _EXPLICIT[:11]),
    b'{"model": {"id": "m", "rank": 18446744073709551616, "x": 1e400}}\n',
    b'{"action": "cancel"}\r\n',
    b'{"action": "x\xc3"}\n',
    b"\n",
    b'{"model": {"id": "\\ud800", "custom": NaN}}\n',
    b'{"action": "cancel"',
]


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_output_is_the_same_without_the_extra(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    output: str,
    jobs: str,
) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"".join(_LINES))
    whole = tmp_path / "deep.json"
    whole.write_text(_EXPLICIT[12])
    argv = ["validate", "--format", output, "--jobs", jobs, str(path), str(whole)]
    fast = main(argv), capsys.readouterr().out
    monkeypatch.setattr(_json_text, "FAST_DECODER", None)
    monkeypatch.setattr(_batch, "FAST_DECODER", None)
    standard = main(argv), capsys.readouterr().out
    assert fast == standard
    assert fast[0] == 2
    assert fast[1].count("\n") >= len(_LINES) - 1


# --- the encoder: the same bytes with msgspec as with the standard library -------------

_EXPLICIT_VALUES: list[Any] = [
    [1e16, 1e-7, 5e-324, 1.7976931348623157e308, 0.1, -0.0, 1.0, 1e22, 123456789.0],
    [1e-05, 0.0001, 1.5e-05, 1e15, 123456789012345678.0, 0.00012],
    [2**64, 2**100, -(2**63) - 1, 10**400],
    '\x00\x1f\x7f\u2028é\U0001f600\\"/',
    {"b": 1, "a": [True, None, {}]},
    {"model1e5": "1e-5", "x": "9e9"},  # exponent-like text in strings: a false alarm
    "\ud800",
    {"k": ["é", "\udfff"]},
]


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("value", _EXPLICIT_VALUES, ids=range(len(_EXPLICIT_VALUES)))
def test_the_fast_encoder_agrees_on_the_edges(value: Any) -> None:
    assert _json_text.FAST_ENCODER is not None
    assert encode_json(value) == standard_encode(value)
    assert json.loads(encode_json(value)) == value


@pytest.mark.usefixtures("fast")
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=12,
))  # fmt: skip
def test_the_fast_encoder_agrees_with_the_standard_library(value: Any) -> None:
    assert encode_json(value) == standard_encode(value)


def test_the_standard_encoder_is_compact_utf8_json_dumps() -> None:
    value = {"a": [1, 2.5, "é"], "b": {"c": None}}
    expected = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    assert standard_encode(value) == expected == b'{"a":[1,2.5,"\xc3\xa9"],"b":{"c":null}}'
    assert standard_encode("\ud800é") == b'"\\ud800\\u00e9"'


def test_without_the_extra_the_standard_library_encodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json_text, "FAST_ENCODER", None)
    for value in _EXPLICIT_VALUES:
        assert encode_json(value) == standard_encode(value)
