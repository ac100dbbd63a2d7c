"""Fuzz inputs: a pool of seeds drawn once from the strategies, then fast seeded mutation.

The pool holds valid documents of every schema in both modes
(:func:`scenario_schema.strategies.payloads`) and single-break documents
(:func:`scenario_schema.strategies.invalid_payloads`), drawn with Hypothesis
once per run. Every input after that comes from ``random.Random``: input ``i``
of seed ``s`` is a pure function of ``(s, i)`` and the pool, so any input can be
rebuilt from its number, in any process.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import random
import re
import string
import types
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import strategies
from scenario_schema.models import SCHEMAS, SchemaName
from scenario_schema.training import DEFAULT_POLICY

from .values import (
    EXTREME_NUMBERS,
    MARKER,
    ODD_STRINGS,
    PYTHON_ONLY,
    FuzzDict,
    FuzzList,
    clone,
    depth,
    huge_int,
    nest,
    nodes,
)

__all__ = [
    "NO_PAYLOAD",
    "SCHEMA_NAMES",
    "Case",
    "Pool",
    "generate",
    "inject_marker",
    "to_text",
]

SCHEMA_NAMES: tuple[SchemaName, ...] = tuple(SCHEMAS)
MODEL_TYPES: tuple[str, ...] = tuple(DEFAULT_POLICY.families)
TRAINABLE_TYPES: tuple[str, ...] = tuple(
    name for name, family in DEFAULT_POLICY.families.items() if family is not None
)
COUNTS: tuple[str, ...] = tuple(sorted(DEFAULT_POLICY.whole_numbers))


class _NoPayload:
    """The payload of a raw text that did not decode: only the text entry points run."""

    def __repr__(self) -> str:
        return "NO_PAYLOAD"


NO_PAYLOAD: Any = _NoPayload()


def _property_names(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            found.update(properties)
        for child in node.values():
            _property_names(child, found)
    elif isinstance(node, list):
        for child in node:
            _property_names(child, found)


def _vocabulary() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Each schema's top-level wire names, and every documented wire name (JSON Schemas)."""
    top: dict[str, tuple[str, ...]] = {}
    every: set[str] = set()
    for name in SCHEMA_NAMES:
        document = ss.json_schema(name)
        top[name] = tuple(sorted(document["properties"]))
        _property_names(document, every)
    return top, tuple(sorted(every))


TOP_KEYS, ALL_KEYS = _vocabulary()

# Where the credential field lives in each schema (the ModelParameters object).
WANDB_PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "model-parameters": ((),),
    "model": (("parameters",),),
    "train-action-response": (("model", "parameters"),),
    "train-action-params": (),
}


@dataclasses.dataclass
class Pool:
    """Seeds drawn from the strategies: valid documents, and documents with one break."""

    valid: dict[str, list[Any]]
    invalid: dict[str, list[strategies.Mutation]]
    size: int
    """How many were drawn per schema and mode: with the seed, what rebuilds the pool."""

    @classmethod
    def build(cls, size: int, seed: int) -> Pool:
        """Draw ``size`` documents per schema and mode, and ``size`` breaks per schema."""
        valid: dict[str, list[Any]] = {}
        invalid: dict[str, list[strategies.Mutation]] = {}
        for offset, name in enumerate(SCHEMA_NAMES):
            valid[name] = [
                payload
                for mode in ("strict", "lenient")
                for payload in _draw(strategies.payloads(name, mode=mode), size, seed + offset)
            ]
            invalid[name] = _draw(strategies.invalid_payloads(name), size, seed + offset)
        return cls(valid, invalid, size)

    def __len__(self) -> int:
        return sum(map(len, self.valid.values())) + sum(map(len, self.invalid.values()))


def _draw(strategy: st.SearchStrategy[Any], count: int, seed: int) -> list[Any]:
    """``count`` examples of a strategy, reproducible from ``seed`` (no database, no shrinking)."""
    found: list[Any] = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        derandomize=False,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


@dataclasses.dataclass
class Case:
    """One fuzz input: a document (or raw text) and the arguments every entry point gets.

    Attributes:
        index: The input's number: ``generate(pool, seed, index)`` rebuilds it.
        schema: The schema it is checked against.
        payload: The decoded document, or :data:`NO_PAYLOAD`.
        origin: ``seed``, ``mutated``, ``training``, ``invalid-payload``, ``arbitrary`` or
            ``raw-text``.
        text: For ``raw-text``: the text, decoded by ``parser``.
        parser: ``project`` (the CLI's decoder), ``json`` or ``ordered`` (``OrderedDict`` pairs).
        expected: For an untouched ``invalid_payloads`` draw: the (path, code) it must give.
        check_formats: Passed to ``validate`` and ``load``.
        model_type: For ``check_training_parameters``.
        training_images: For the preflight: often out of range on purpose.
        strict_training: The preflight's ``strict``.
        drift_schema: The schema ``drift`` is given (``auto`` or the case's).
        drift_json: Also render the drift report as JSON (slow: sampled; every chunk's
            stream is rendered anyway).
    """

    index: int
    schema: SchemaName
    payload: Any
    origin: str
    text: str | None = None
    parser: str = ""
    expected: tuple[str, str] | None = None
    check_formats: bool = False
    model_type: str = "flux.1-lora"
    training_images: Any = None
    strict_training: bool = False
    drift_schema: SchemaName | Literal["auto"] = "auto"
    drift_json: bool = False

    def replace(self, **changes: Any) -> Case:
        """A copy with some fields changed (the shrinker's step)."""
        return dataclasses.replace(self, **changes)


def generate(pool: Pool, seed: int, index: int) -> Case:
    """Input ``index`` of the run seeded ``seed``: deterministic, independent of other inputs."""
    rng = random.Random(seed * 2**40 + index)
    schema = rng.choice(SCHEMA_NAMES)
    roll = rng.random()
    expected: tuple[str, str] | None = None
    if roll < 0.08:
        origin, payload = "seed", clone(rng.choice(pool.valid[schema]))
        if rng.random() < 0.5:
            payload = _transform_containers(rng, payload)
    elif roll < 0.36:
        origin, payload = "mutated", _mutated(rng, pool, schema, rng.randint(1, 4))
    elif roll < 0.48:
        schema = rng.choice(("model", "model", "train-action-response", "model-parameters"))
        origin, payload = "training", _training_document(rng, pool, schema)
    elif roll < 0.60:
        origin = "invalid-payload"
        mutation = rng.choice(pool.invalid[schema])
        payload = clone(mutation.payload)
        if rng.random() < 0.6:
            expected = (mutation.path, mutation.code)
        else:
            payload = _mutate(rng, payload, pool, schema, rng.randint(1, 3))
    elif roll < 0.74:
        origin, payload = "arbitrary", _arbitrary_document(rng, pool, schema)
    else:
        origin, payload = "raw-text", None
    if origin != "raw-text" and expected is None and rng.random() < 0.2:
        payload = inject_marker(rng, payload, schema)
    case = Case(
        index=index,
        schema=schema,
        payload=payload,
        origin=origin,
        expected=expected,
        check_formats=rng.random() < 0.2,
        model_type=_model_type(rng, trainable=origin == "training"),
        training_images=_training_images(rng),
        strict_training=rng.random() < 0.5,
        drift_schema="auto" if rng.random() < 0.5 else schema,
        drift_json=rng.random() < 0.15,
    )
    if origin == "raw-text":
        _raw_text(rng, pool, case)
    return case


# --- documents ---------------------------------------------------------------------------


def _mutated(rng: random.Random, pool: Pool, schema: SchemaName, count: int) -> Any:
    return _mutate(rng, clone(rng.choice(pool.valid[schema])), pool, schema, count)


def _arbitrary_document(rng: random.Random, pool: Pool, schema: SchemaName) -> Any:
    if rng.random() < 0.5:  # heavily mutated: most fields broken at once
        return _mutated(rng, pool, schema, rng.randint(6, 20))
    if rng.random() < 0.1:
        return arbitrary(rng)
    document: dict[Any, Any] = {}
    for _ in range(rng.randint(0, 8)):
        name = rng.choice(TOP_KEYS[schema]) if rng.random() < 0.7 else _key(rng)
        document[name] = arbitrary(rng)
    return _transform_containers(rng, document) if rng.random() < 0.2 else document


_TRAINING_VALUES: tuple[Any, ...] = (*EXTREME_NUMBERS, 2.5, 100.5, 12315.25, "16", None, [], {})


def _training_document(rng: random.Random, pool: Pool, schema: SchemaName) -> Any:
    """A trainable model (or its parameters) with counts and bounds pushed to their edges."""
    parameters = clone(rng.choice(pool.valid["model-parameters"]))
    names = COUNTS + TOP_KEYS["model-parameters"]
    for _ in range(rng.randint(0, 3)):
        parameters[rng.choice(names)] = rng.choice(_TRAINING_VALUES)
    if rng.random() < 0.3:
        parameters = _mutate(rng, parameters, pool, "model-parameters", rng.randint(1, 2))
    if schema == "model-parameters":
        return parameters
    model = clone(rng.choice(pool.valid["model"]))
    model["type"] = rng.choice(TRAINABLE_TYPES)
    if rng.random() < 0.8:
        model["parameters"] = parameters
    else:
        model.pop("parameters", None)
    if rng.random() < 0.3:
        model["trainingImagesNumber"] = rng.choice(_TRAINING_VALUES)
    if rng.random() < 0.2:
        model["concepts"] = [
            {"modelId": "m", "scale": rng.choice(_TRAINING_VALUES)}
            for _ in range(rng.randint(1, 3))
        ]
    return {"model": model} if schema == "train-action-response" else model


def _scalar(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(EXTREME_NUMBERS)
    if roll < 0.38:
        return rng.randint(-(10**6), 10**6)
    if roll < 0.48:
        return rng.uniform(-1e6, 1e6)
    if roll < 0.63:
        return rng.choice(ODD_STRINGS)
    if roll < 0.80:
        return "".join(
            rng.choices(string.ascii_letters + string.digits + "-_.:", k=rng.randint(0, 12))
        )
    if roll < 0.90:
        return rng.random() < 0.5
    return None


def _key(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(ALL_KEYS)
    if roll < 0.75:
        return rng.choice(ODD_STRINGS)
    return "".join(rng.choices(string.ascii_letters + "_/~", k=rng.randint(1, 10)))


def arbitrary(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value, keys often documented wire names, scalars often at an edge."""
    roll = rng.random()
    if depth >= 4 or roll < 0.55:
        return _scalar(rng)
    if roll < 0.8:
        return {_key(rng): arbitrary(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [arbitrary(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def _slots(root: Any) -> list[tuple[Any, Any]]:
    """Every (mutable container, key or index) pair of a document."""
    found: list[tuple[Any, Any]] = []
    for container in nodes(root):
        if isinstance(container, dict):
            found.extend((container, key) for key in container)
        elif isinstance(container, list):
            found.extend((container, index) for index in range(len(container)))
    return found


def _objects(root: Any) -> list[dict[Any, Any]]:
    return [c for c in nodes(root) if isinstance(c, dict)]


_OPERATIONS = (
    ("replace", 30),
    ("delete", 12),
    ("insert", 12),
    ("number", 12),
    ("string", 8),
    ("list", 8),
    ("rename", 5),
    ("wrap", 5),
    ("crossover", 5),
    ("deep", 3),
)
_NAMES = tuple(name for name, _ in _OPERATIONS)
_WEIGHTS = tuple(weight for _, weight in _OPERATIONS)


def _mutate(rng: random.Random, root: Any, pool: Pool, schema: str, count: int) -> Any:
    """Apply ``count`` structural mutations, then perhaps swap container types."""
    for _ in range(count):
        operation = rng.choices(_NAMES, _WEIGHTS)[0]
        root = _apply(rng, operation, root, pool, schema)
    if rng.random() < 0.2:
        root = _transform_containers(rng, root)
    return root


def _apply(rng: random.Random, operation: str, root: Any, pool: Pool, schema: str) -> Any:
    slots = _slots(root)
    if operation == "insert":
        objects = _objects(root)
        if objects:
            target = rng.choice(objects)
            key: Any = _key(rng)
            if rng.random() < 0.05:
                key = rng.choice((1, None, ("t",), True, 1.5))
            target[key] = arbitrary(rng)
        return root
    if not slots:
        return arbitrary(rng) if rng.random() < 0.3 else root
    container, key = rng.choice(slots)
    value = container[key]
    if operation == "delete":
        del container[key]
    elif operation == "replace":
        container[key] = _replacement(rng)
    elif operation == "number":
        container[key] = _number_tweak(rng, value)
    elif operation == "string":
        container[key] = _string_tweak(rng, value)
    elif operation == "list":
        container[key] = _list_tweak(rng, value)
    elif operation == "rename" and isinstance(container, dict):
        renamed = _renamed(rng, key)
        del container[key]
        container[renamed] = value
    elif operation == "wrap":
        container[key] = [value] if rng.random() < 0.5 else {"a": value}
    elif operation == "deep" and depth(root) < 100:  # past 128, but far from the stack's limit
        container[key] = nest(value, rng.randint(129, 200), kind=rng.choice(("list", "object")))
    elif operation == "crossover" and isinstance(container, dict):
        container[key] = _donor(rng, pool, schema, key, value)
    return root


def _replacement(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(PYTHON_ONLY)()
    if roll < 0.5:
        return _scalar(rng)
    return arbitrary(rng, depth=2)


def _number_tweak(rng: random.Random, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return rng.choice(EXTREME_NUMBERS)
    choices: list[Any] = [
        value + 1,
        value - 1,
        -value,
        value * 10,
        float(value) if isinstance(value, int) and value.bit_length() < 1000 else value,
        rng.choice(EXTREME_NUMBERS),
        bool(value),
        str(value) if isinstance(value, float) or value.bit_length() < 1000 else "1",
    ]
    if isinstance(value, float) and abs(value) < 1e300:  # NaN compares false: left out
        choices.append(int(value))
    return rng.choice(choices)


def _string_tweak(rng: random.Random, value: Any) -> Any:
    text = value if isinstance(value, str) else ""
    return rng.choice(
        (
            text + rng.choice(ODD_STRINGS),
            rng.choice(ODD_STRINGS) + text,
            (text or "x") * rng.choice((2, 41, 1000)),
            "x" * rng.choice((40, 41, 100_000)),
            text.upper(),
            " " + text + " ",
        )
    )


def _list_tweak(rng: random.Random, value: Any) -> Any:
    if isinstance(value, list) and value:
        return rng.choice(
            (
                [*value, clone(value[0])],
                value[::-1],
                [],
                [*value, arbitrary(rng)],
                [None, *value],
                value * 3,
            )
        )
    return rng.choice(([], [value], [value, value], [arbitrary(rng) for _ in range(3)]))


_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


def _renamed(rng: random.Random, key: Any) -> Any:
    text = str(key)
    return rng.choice(
        (
            _CAMEL.sub(r"\1_\2", text).lower(),  # snake_case, as a Python caller might send
            text.upper(),
            text + " ",
            text[:1].upper() + text[1:],
            text + "\u200b",
        )
    )


def _donor(rng: random.Random, pool: Pool, schema: str, key: Any, value: Any) -> Any:
    """The value of the same key in another seed: a plausible but foreign combination."""
    other = rng.choice(pool.valid[rng.choice(SCHEMA_NAMES)] + pool.valid[schema])
    for container in nodes(other):
        if isinstance(container, Mapping) and key in container:
            return clone(container[key])
    return value


def _transform_containers(rng: random.Random, root: Any) -> Any:
    """Swap one to three containers for look-alikes: subclasses, proxies, tuples."""
    for _ in range(rng.randint(1, 3)):
        places = [(None, None, root)] + [
            (container, key, container[key])
            for container, key in _slots(root)
            if isinstance(container[key], (dict, list))
        ]
        parent, key, node = rng.choice(places)
        swapped = _look_alike(rng, node)
        if parent is None:
            root = swapped
        else:
            parent[key] = swapped
    return root


def _look_alike(rng: random.Random, node: Any) -> Any:
    if isinstance(node, dict):
        if type(node) is not dict:
            return node
        roll = rng.random()
        if roll < 0.35:
            return FuzzDict(node)
        if roll < 0.7:
            return collections.OrderedDict(node)
        if roll < 0.85:
            factory: collections.defaultdict[Any, Any] = collections.defaultdict(list)
            factory.update(node)
            return factory
        return types.MappingProxyType(node)
    if isinstance(node, list) and type(node) is list:
        return FuzzList(node) if rng.random() < 0.8 else tuple(node)
    return node


def inject_marker(rng: random.Random, root: Any, schema: str) -> Any:
    """Put the marker in ``wandbKey`` wherever the schema has one: valid, too long, wrong type."""
    variants: tuple[Any, ...] = (
        MARKER,
        MARKER * 3,
        MARKER * 1000,
        MARKER + "\n\ud800",
        [MARKER],
        {"k": MARKER},
        FuzzList([MARKER]),
    )
    for place in WANDB_PLACES[schema]:
        node = root
        for token in place:
            if not isinstance(node, dict):
                break
            if node.get(token) is None:
                node[token] = {}
            node = node[token]
        if isinstance(node, dict):
            node["wandbKey"] = rng.choice(variants)
    return root


# --- training arguments -------------------------------------------------------------------

_ODD_IMAGES: tuple[Any, ...] = (
    0,
    1,
    1000,
    10**6,
    10**9,
    2**63,
    10**400,
    huge_int(5000),
    -1,
    -5,
    -(10**6),
    float("inf"),
    float("-inf"),
    float("nan"),
    1e308,
    2.5,
    True,
    "5",
)


def _model_type(rng: random.Random, *, trainable: bool = False) -> str:
    if trainable and rng.random() < 0.9:
        return rng.choice(TRAINABLE_TYPES)
    if rng.random() < 0.9:
        return rng.choice(MODEL_TYPES)
    return rng.choice(("", "FLUX.1-LORA", "not-a-type", "flux.1-lora ", "\ud800"))


def _training_images(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.4:
        return None
    if roll < 0.75:
        return rng.randint(0, 200)
    return rng.choice(_ODD_IMAGES)


# --- raw text -----------------------------------------------------------------------------

_ODD_NUMBER_TOKENS = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1E-400",
    "-0",
    "-0.0",
    "1.0",
    "1e2",
    "7" * 5000,
    "1" + "0" * 400,
    "2.0e308",
    "0.000",
)


def _raw_text(rng: random.Random, pool: Pool, case: Case) -> None:
    """Fill ``case.text`` (and its decoded payload) with JSON text, often odd or broken."""
    roll = rng.random()
    source: Any
    if roll < 0.4:
        source = clone(rng.choice(pool.valid[case.schema]))
    elif roll < 0.7:
        source = _mutated(rng, pool, case.schema, rng.randint(1, 3))
    else:
        source = _arbitrary_document(rng, pool, case.schema)
    if rng.random() < 0.2:
        source = inject_marker(rng, source, case.schema)
    text = to_text(rng, source)
    roll = rng.random()
    if roll < 0.04:
        text = text[: rng.randint(0, len(text))]
    elif roll < 0.07:
        text = "\ufeff" + text
    elif roll < 0.09:
        text += " x"
    elif roll < 0.12:
        depth = rng.choice((129, 5000, 100_000))
        text = "[" * depth + "]" * depth
    elif roll < 0.13:
        text = rng.choice(("", " ", "null", "[]", '"model"', "{}"))
    case.text = text
    case.parser = rng.choices(("project", "ordered", "json"), (6, 2.5, 1.5))[0]
    case.payload = decoded(text, case.parser)


def decoded(text: str, parser: str) -> Any:
    """The document ``parser`` reads from ``text``, or :data:`NO_PAYLOAD`."""
    if parser == "project":
        from scenario_schema.cli._batch import Unit, decode  # the CLI's own decoder

        document = decode(Unit("<fuzz>", None, text))
        return NO_PAYLOAD if document.problem is not None else document.payload
    try:
        if parser == "ordered":
            return json.loads(text, object_pairs_hook=collections.OrderedDict)
        return json.loads(text)
    except (ValueError, RecursionError):
        return NO_PAYLOAD


def to_text(rng: random.Random, value: Any) -> str:
    """JSON text of a value, with duplicate keys, odd number tokens and escapes mixed in."""
    parts: list[str] = []
    _emit(rng, value, parts, ascii_only=rng.random() < 0.5, odd=rng.random() < 0.5)
    return "".join(parts)


def _emit(rng: random.Random, value: Any, parts: list[str], *, ascii_only: bool, odd: bool) -> None:
    if odd and rng.random() < 0.03 and isinstance(value, (int, float, str)):
        parts.append(rng.choice(_ODD_NUMBER_TOKENS))
    elif value is None or isinstance(value, bool):
        parts.append(json.dumps(value))
    elif isinstance(value, int):
        try:
            parts.append(str(value))
        except ValueError:  # beyond the integer string limit: any such literal will do
            parts.append("7" * 5000)
    elif isinstance(value, float):
        parts.append(json.dumps(value))
    elif isinstance(value, str):
        parts.append(json.dumps(value, ensure_ascii=ascii_only))
    elif isinstance(value, Mapping):
        parts.append("{")
        for position, (key, item) in enumerate(value.items()):
            if position:
                parts.append("," + (" " if rng.random() < 0.2 else ""))
            duplicate = odd and rng.random() < 0.1
            if duplicate and rng.random() < 0.5:
                _member(rng, key, arbitrary(rng, depth=3), parts, ascii_only=ascii_only, odd=odd)
                parts.append(",")
            _member(rng, key, item, parts, ascii_only=ascii_only, odd=odd)
            if duplicate:
                parts.append(",")
                _member(rng, key, arbitrary(rng, depth=3), parts, ascii_only=ascii_only, odd=odd)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for position, item in enumerate(value):
            if position:
                parts.append(",")
            _emit(rng, item, parts, ascii_only=ascii_only, odd=odd)
        parts.append("]")
    else:
        parts.append("null")


def _member(
    rng: random.Random, key: Any, item: Any, parts: list[str], *, ascii_only: bool, odd: bool
) -> None:
    parts.append(json.dumps(str(key), ensure_ascii=ascii_only) + ":")
    _emit(rng, item, parts, ascii_only=ascii_only, odd=odd)


def iter_cases(pool: Pool, seed: int, start: int, stop: int) -> Iterator[Case]:
    """Inputs ``start`` to ``stop - 1`` of the run seeded ``seed``."""
    for index in range(start, stop):
        yield generate(pool, seed, index)
