"""The generated form equals the reference: same issues, same objects, same dumps.

validate/load/dump run generated code (``_engine/generated.py``, ``dumpers.py``) and
fall back on the reference walker (``_engine/reference.py``) on a doubt; the
reference of the objects and dumps is the cattrs converter of the tests
(``tests/reference_converter.py``). Every property here runs over the Hypothesis
strategies, the mutations and arbitrary JSON, over documents carrying undocumented
fields and values (the API's drift), and over the same documents disguised:
``Mapping`` and ``list``/``str``/``int``/``float`` subclasses where ``json.loads``
would give exact types (what an ``object_hook`` or ``object_pairs_hook`` builds).
"""

from __future__ import annotations

import collections
import copy
import json
import random
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import _engine as engine
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema._frozen import FrozenDict, FrozenList
from scenario_schema.models import SCHEMAS, Contract, SchemaName
from tests.conftest import PAGE_EXAMPLE, REVISION_CASES, per_revision
from tests.reference_converter import dump_object, structure_object
from tests.test_strategies import ARBITRARY

NAMES = list(SCHEMAS)

OPTIONS = [("strict", False), ("lenient", False), ("strict", True)]


def _issues(check: Any, payload: Any) -> list[Any]:
    out: list[Any] = []
    check(payload, "", out)
    return out


def reference(
    cls: type, mode: Any = "strict", *, check_formats: bool = False, revision: Any = "page"
) -> Any:
    """The reference walker's check of a class's documents (``check(value, path, out)``)."""
    return engine.checker(cls, mode, check_formats=check_formats, revision=revision)


def generated(
    cls: type, mode: Any = "strict", *, check_formats: bool = False, revision: Any = "page"
) -> Any:
    """What ``validate`` runs, as a check of the root (``check(value, "", out)``)."""
    issues_of = engine.document_check(cls, mode, check_formats=check_formats, revision=revision)

    def check(payload: Any, path: str, out: list[Any]) -> None:
        assert path == ""
        out.extend(issues_of(payload))

    return check


def loading(
    cls: type, mode: Any = "strict", *, check_formats: bool = False, revision: Any = "page"
) -> Any:
    """What ``load`` runs, as a check of the root: the issues it refuses a document with.

    A document it builds gives the reference's issues if they are all warnings (``load``
    keeps none), so that a loader that builds a broken document fails the comparison.
    """
    load = engine.document_loader(cls, mode, check_formats=check_formats, revision=revision)
    check = reference(cls, mode, check_formats=check_formats, revision=revision)

    def run(payload: Any, path: str, out: list[Any]) -> Any:
        assert path == ""
        try:
            built = load(payload)
        except ss.ContractError as refused:
            out.extend(refused.issues)
            return None
        warnings = _issues(check, payload)
        assert all(issue.severity == "warning" for issue in warnings), "built a broken document"
        out.extend(warnings)
        return built

    return run


class _Dict(dict[Any, Any]):
    pass


class _List(list[Any]):
    pass


class _Str(str):
    __slots__ = ()


class _Int(int):
    pass


class _Float(float):
    pass


class _Mapping(Mapping[Any, Any]):
    """A Mapping that is not a dict at all."""

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        self._data = dict(pairs)

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


_MAPPINGS: list[Any] = [
    dict,
    collections.OrderedDict,
    _Dict,
    lambda pairs: types.MappingProxyType(dict(pairs)),
    _Mapping,
]


def disguise(value: Any, chance: random.Random, depth: int = 0) -> Any:
    """The same JSON value with any container or scalar possibly of another Python type.

    Past 20 levels the value is left as it is (the walk is recursive).
    """
    kind = type(value)
    if depth > 20:
        return value
    if kind is dict:
        pairs = [
            (
                _Str(key) if type(key) is str and chance.random() < 0.3 else key,
                disguise(item, chance, depth + 1),
            )
            for key, item in value.items()
        ]
        return chance.choice(_MAPPINGS)(pairs)
    if kind is list:
        items = [disguise(item, chance, depth + 1) for item in value]
        return _List(items) if chance.random() < 0.5 else items
    wrappers: dict[type, Any] = {str: _Str, int: _Int, float: _Float}
    if kind in wrappers and chance.random() < 0.5:
        return wrappers[kind](value)
    return value


def _documents(name: SchemaName, revision: Any = "page") -> st.SearchStrategy[Any]:
    return (
        ss_st.payloads(name, mode="lenient", revision=revision)
        | ss_st.payloads(name, revision=revision)
        | ss_st.invalid_payloads(name, revision=revision).map(lambda mutation: mutation.payload)
        | ARBITRARY
    )


def _with_disguise(name: SchemaName) -> st.SearchStrategy[tuple[Any, Any]]:
    """A document and the same document disguised."""
    return st.tuples(_documents(name), st.randoms(use_true_random=False)).map(
        lambda drawn: (drawn[0], disguise(drawn[0], drawn[1]))
    )


def _exact_all_the_way_down(obj: Any) -> None:
    """A loaded object holds only exact scalars, read-only containers and contract objects."""
    stack = [obj]
    while stack:
        value = stack.pop()
        if isinstance(value, Contract):
            stack.extend(getattr(value, field.name) for field in attrs.fields(type(value)))
            continue
        assert type(value) in (str, int, float, bool, type(None), FrozenList, FrozenDict, frozenset)
        if type(value) is FrozenDict:
            assert all(type(key) is str for key in value)
            stack.extend(value.values())
        elif type(value) in (FrozenList, frozenset):
            stack.extend(value)


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_checker_reports_exactly_what_the_walker_reports(
    name: SchemaName, revision: Any, mode: Any, formats: bool
) -> None:
    cls = resolve_schema(name)
    walker = reference(cls, mode, check_formats=formats, revision=revision)
    fast = generated(cls, mode, check_formats=formats, revision=revision)
    load = loading(cls, mode, check_formats=formats, revision=revision)

    @per_revision(revision)
    @given(_documents(name, revision))
    def check(payload: Any) -> None:
        expected = _issues(walker, payload)
        assert _issues(fast, payload) == expected
        assert _issues(load, payload) == expected

    check()


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_loader_builds_what_cattrs_builds(name: SchemaName, revision: Any, mode: Any) -> None:
    cls = resolve_schema(name)
    load = loading(cls, mode, revision=revision)

    @per_revision(revision)
    @given(ss_st.payloads(name, mode=mode, revision=revision))
    def check(payload: dict[str, Any]) -> None:
        out: list[Any] = []
        built = load(payload, "", out)
        assert not [issue for issue in out if issue.severity == "error"]
        with engine.structuring():
            expected = structure_object(payload, cls, revision)
        assert built == expected
        assert built.null_fields == expected.null_fields
        assert engine.dumper(cls)(built) == dump_object(expected) == payload

    check()


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_dumper_dumps_what_cattrs_dumps(name: SchemaName, revision: Any) -> None:
    cls = resolve_schema(name)

    @per_revision(revision)
    @given(ss_st.instances(cls, mode="lenient", revision=revision))
    def check(instance: Any) -> None:
        generated, expected = engine.dumper(cls)(instance), dump_object(instance)
        assert generated == expected
        assert list(generated) == list(expected)  # the same key order too

    check()


def test_both_paths_share_the_reference_messages() -> None:
    """A broken value is reported by the walker's own check, so messages cannot differ."""
    payload = {"rank": "16", "wandbKey": 123456789, "extraKey": float("nan")}
    cls = resolve_schema("model-parameters")
    expected = _issues(reference(cls), payload)
    assert _issues(generated(cls), payload) == expected
    assert [issue.code for issue in expected] == ["type", "type", "unknown-field", "not-finite"]
    assert "123456789" not in str(expected)


@pytest.mark.parametrize("name", NAMES)
def test_disguised_documents_get_exactly_the_issues_of_their_plain_equivalent(
    name: SchemaName,
) -> None:
    """Walker, generated check and generated loader agree on subclasses too, in every mode."""
    cls = resolve_schema(name)

    @given(_with_disguise(name), st.sampled_from(OPTIONS))
    def check(pair: tuple[Any, Any], options: tuple[Any, bool]) -> None:
        (document, disguise), (mode, formats) = pair, options
        expected = _issues(reference(cls, mode, check_formats=formats), document)
        assert _issues(reference(cls, mode, check_formats=formats), disguise) == expected
        assert _issues(generated(cls, mode, check_formats=formats), disguise) == expected
        assert _issues(loading(cls, mode, check_formats=formats), disguise) == expected

    check()


@pytest.mark.parametrize("name", NAMES)
def test_disguised_documents_load_exactly_as_their_plain_equivalent(name: SchemaName) -> None:
    """``validate(p).ok`` is "``load(p)`` succeeds"; what loads is the plain document's
    object (exact types inside) and dumps as the plain document. Never None."""
    cls = resolve_schema(name)

    @given(_with_disguise(name), st.sampled_from(["strict", "lenient"]))
    def check(pair: tuple[Any, Any], mode: Any) -> None:
        document, disguise = pair
        report = ss.validate(disguise, name, mode=mode)
        if not report.ok:
            with pytest.raises(ss.ContractError) as caught:
                ss.load(cls, disguise, mode=mode)
            assert caught.value.issues == report.issues
            return
        loaded = ss.load(cls, disguise, mode=mode)
        assert isinstance(loaded, cls)
        _exact_all_the_way_down(loaded)
        expected = ss.load(cls, document, mode=mode)
        assert loaded == expected
        assert loaded.null_fields == expected.null_fields
        assert ss.dump(loaded) == document
        with engine.structuring():
            assert structure_object(engine.dumper(cls)(loaded), cls) == loaded

    check()


def test_ordered_dict_parameters_load_like_a_dict() -> None:
    loaded = ss.load(ss.ModelParameters, collections.OrderedDict(rank=4))
    assert loaded == ss.load(ss.ModelParameters, {"rank": 4})
    assert loaded.rank == 4


def test_a_response_read_with_object_pairs_hook_loads_like_plain_json() -> None:
    text = json.dumps(PAGE_EXAMPLE)
    ordered = json.loads(text, object_pairs_hook=collections.OrderedDict)
    assert ss.validate(ordered, "train-action-response").ok
    loaded = ss.load(ss.TrainActionResponse, ordered)
    assert loaded == ss.load(ss.TrainActionResponse, json.loads(text))
    assert ss.dump(loaded) == json.loads(text)
    _exact_all_the_way_down(loaded)


def test_an_ordered_dict_at_model_parameters_loads_every_field(model: dict[str, Any]) -> None:
    expected = ss.load(ss.Model, model)
    model["parameters"] = collections.OrderedDict(model["parameters"])
    loaded = ss.load(ss.Model, model)
    assert loaded.parameters is not None
    assert loaded == expected


def test_a_list_subclass_for_capabilities_loads_as_a_list(model: dict[str, Any]) -> None:
    model["capabilities"] = _List(model["capabilities"])
    loaded = ss.load(ss.Model, model)
    assert type(loaded.capabilities) is FrozenList
    assert loaded.capabilities == model["capabilities"]


def test_mapping_proxies_and_non_dict_mappings_load_as_dicts(model: dict[str, Any]) -> None:
    expected = ss.load(ss.Model, model)
    model["uiConfig"] = types.MappingProxyType(model["uiConfig"])
    model["inputs"][0]["default"] = _Mapping([("a", collections.OrderedDict(b=[1]))])
    loaded = ss.load(ss.Model, model)
    assert loaded.ui_config == expected.ui_config
    assert loaded.inputs is not None
    assert loaded.inputs[0].default == {"a": {"b": [1]}}
    assert type(loaded.inputs[0].default) is FrozenDict


# --- the generated form on what the API really sends -------------------------------------


def _contract_objects(payload: Any, cls: type, revision: str) -> list[dict[str, Any]]:
    """The dicts of a valid document that are contract objects (not free-form values)."""
    from scenario_schema._fields import Array, Map, Object, class_spec

    found: list[dict[str, Any]] = []

    def visit(value: Any, shape: Any) -> None:
        if isinstance(shape, Object) and type(value) is dict:
            found.append(value)
            for field in class_spec(shape.cls, revision).fields:
                if value.get(field.wire) is not None:
                    visit(value[field.wire], field.shape)
        elif isinstance(shape, Array) and type(value) is list:
            for item in value:
                visit(item, shape.item)
        elif isinstance(shape, Map) and type(value) is dict:
            for item in value.values():
                visit(item, shape.value)

    visit(payload, Object(cls))
    return found


_UNDOCUMENTED_VALUES: list[Any] = [
    None,
    True,
    0,
    -7,
    2**70,
    1.5,
    "",
    "value",
    [],
    {},
    [1, "a", None, 2.5],
    {"nested": {"deeper": [1, {"x": None}]}, "flag": False},
]
"""Values of undocumented fields, as the API sends them: scalars and small containers."""


def drifted(name: SchemaName, revision: Any = "page", mode: Any = "strict") -> Any:
    """A valid document with 1-50 fields no revision documents, anywhere in its objects."""
    cls = resolve_schema(name)

    @st.composite
    def build(draw: Any) -> Any:
        payload = draw(ss_st.payloads(name, mode=mode, revision=revision))
        objects = _contract_objects(payload, cls, resolve_revision_name(revision))
        count = draw(st.integers(1, 50))
        for index in range(count):
            target = draw(st.sampled_from(objects))
            key = draw(st.sampled_from([f"x{index}", f"undocumented_{index}", f"a/b~{index}"]))
            target[key] = copy.deepcopy(draw(st.sampled_from(_UNDOCUMENTED_VALUES)))
        return payload

    return build()


def resolve_revision_name(revision: Any) -> str:
    from scenario_schema._revisions import resolve_revision

    return resolve_revision(revision)


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_documents_with_undocumented_fields_stay_on_the_generated_form(
    name: SchemaName, revision: Any, mode: Any
) -> None:
    """Undocumented fields (and in lenient mode, values) are the generated code's to warn about.

    The generated check says yes, with exactly the reference's warnings; the builder
    keeps them in ``extra`` and the dump gives the document back.
    """
    cls = resolve_schema(name)
    options = engine.Options(
        mode=mode, check_formats=False, revision=resolve_revision_name(revision)
    )
    check = engine.generate(cls, options, build=False, title="test").function
    build = engine.generate(cls, options, build=True, title="test").function
    walker = reference(cls, mode, revision=revision)

    @per_revision(revision)
    @given(drifted(name, revision, mode))
    def run(payload: Any) -> None:
        expected = _issues(walker, payload)
        assert all(issue.severity == "warning" for issue in expected)
        assert any(issue.code == "unknown-field" for issue in expected)
        out: list[Any] = []
        assert check(payload, out) is True
        assert out == expected
        built = build(payload)
        assert built is not None
        assert ss.dump(built) == payload
        assert built == ss.load(cls, payload, mode=mode, revision=revision)

    run()


def _exact_json(value: Any, depth: int = 0) -> bool:
    """Whether a value holds only exact JSON types (what ``json.loads`` gives)."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _exact_json(v) for k, v in value.items())
    if kind is list:
        return all(_exact_json(item) for item in value)
    return kind in (str, int, float, bool, type(None))


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_the_generated_check_says_yes_exactly_to_documents_with_no_error(
    name: SchemaName, revision: Any, mode: Any, formats: bool
) -> None:
    """A wrong no would only cost speed, and go unseen elsewhere: on exact JSON, the
    generated check answers yes (with the reference's warnings) to every document the
    reference finds no error in, and no to every other."""
    cls = resolve_schema(name)
    resolved = resolve_revision_name(revision)
    options = engine.Options(mode=mode, check_formats=formats, revision=resolved)
    check = engine.generate(cls, options, build=False, title="test").function
    build = engine.generate(cls, options, build=True, title="test").function
    walker = reference(cls, mode, check_formats=formats, revision=revision)

    @per_revision(revision)
    @given(_documents(name, revision) | drifted(name, revision, mode))
    def run(payload: Any) -> None:
        expected = _issues(walker, payload)
        valid = all(issue.severity == "warning" for issue in expected)
        out: list[Any] = []
        answer = check(payload, out)
        if answer:
            assert valid
            assert out == expected
        elif _exact_json(payload):
            assert not valid
        assert (build(payload) is not None) == bool(answer)

    run()


def _nested(levels: int) -> Any:
    value: Any = "leaf"
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_the_depth_limit_is_the_same_in_both_forms(extra: int) -> None:
    """A free-form value nested up to the limit is the generated code's; one level more
    is a ``depth`` error in both forms (the limit counts from the document's root)."""
    from scenario_schema._options import MAX_DEPTH

    payload = copy.deepcopy(PAGE_EXAMPLE)
    # /model/inputs/0/default: the value sits 4 levels down; its containers count on.
    payload["model"]["inputs"][0]["default"] = _nested(MAX_DEPTH - 4 + extra)
    payload["model"]["undocumented"] = {"deep": _nested(MAX_DEPTH - 3 + extra)}
    cls = ss.TrainActionResponse
    expected = _issues(reference(cls), payload)
    options = engine.Options(mode="strict", check_formats=False, revision="page")
    out: list[Any] = []
    answer = engine.generate(cls, options, build=False, title="test").function(payload, out)
    if extra <= 0:
        assert answer is True
        assert out == expected
        assert ss.dump(ss.load(cls, payload)) == payload
    else:
        assert answer is False
        assert [issue.code for issue in expected].count("depth") == 2
    assert _issues(generated(cls), payload) == expected


def test_an_undocumented_enum_value_is_a_generated_warning_in_lenient_mode() -> None:
    payload = copy.deepcopy(PAGE_EXAMPLE)
    payload["model"]["capabilities"].append("audio2txt-someday")
    payload["model"]["status"] = "ready-for-captcha-someday"
    cls = ss.TrainActionResponse
    options = engine.Options(mode="lenient", check_formats=False, revision="page")
    out: list[Any] = []
    assert engine.generate(cls, options, build=False, title="test").function(payload, out)
    assert out == _issues(reference(cls, "lenient"), payload)
    codes = [(issue.path, issue.code) for issue in out if issue.code == "unknown-enum"]
    assert ("/model/status", "unknown-enum") in codes
    assert len(codes) == 2
    loaded = ss.load(cls, payload, mode="lenient")
    assert ss.dump(loaded)["model"]["status"] == "ready-for-captcha-someday"


# --- generated code a maintainer can see ------------------------------------------------


def test_options_that_cannot_change_the_source_share_one_generated_function() -> None:
    """Identical sources are generated once: ``check_formats`` only matters where a field
    has a format, the mode only where an enum is reachable (every document class has one)."""
    from scenario_schema._engine.documents import _generated, _options

    plain, formats = (_options(ss.ModelParameters, "strict", f, "page") for f in (False, True))
    assert plain == formats
    assert _generated(ss.ModelParameters, plain, build=False) is _generated(
        ss.ModelParameters, formats, build=False
    )
    assert _options(ss.Model, "strict", False, "page") != _options(ss.Model, "strict", True, "page")
    modes = [_options(ss.Model, mode, False, "page") for mode in ("strict", "lenient")]
    assert modes[0] != modes[1]


def test_a_traceback_inside_generated_code_shows_its_source_line() -> None:
    import traceback

    options = engine.Options(mode="strict", check_formats=False, revision="page")
    function = engine.generate(ss.TrainActionResponse, options, build=False, title="test").function

    def boom(value: Any, budget: int) -> bool:
        raise RuntimeError("inside")

    function.__globals__["free_ok"] = boom
    payload = copy.deepcopy(PAGE_EXAMPLE)
    payload["model"]["inputs"][0]["default"] = {"a": [1]}
    with pytest.raises(RuntimeError) as caught:
        function(payload, [])
    frames = traceback.extract_tb(caught.value.__traceback__)
    inside = [frame for frame in frames if frame.filename.startswith("<scenario_schema generated")]
    assert inside, "the traceback goes through generated code"
    assert "free_ok(" in (inside[-1].line or "")
    assert "check TrainActionResponse" not in inside[-1].filename or inside[-1].filename.endswith(
        ">"
    )


def test_inspect_getsource_works_on_generated_functions() -> None:
    import inspect

    options = engine.Options(mode="strict", check_formats=False, revision="page")
    function = engine.generate(ss.Model, options, build=True, title="test").function
    source = inspect.getsource(function)
    assert source.startswith("def load_Model(value):")
    assert "wire_state(" in source


def test_each_generated_module_has_a_file_name_of_its_own() -> None:
    options = engine.Options(mode="strict", check_formats=False, revision="page")
    names = {
        engine.generate(ss.Model, options, build=build, title="same").function.__code__.co_filename
        for build in (False, True, False)
    }
    assert len(names) == 3


def _generated_code_run_by(call: Any) -> set[str]:
    """The file names of the generated code a call runs (traced)."""
    import sys

    seen: set[str] = set()

    def trace(frame: Any, event: str, arg: Any) -> Any:
        filename = frame.f_code.co_filename
        if filename.startswith("<scenario_schema generated"):
            seen.add(filename)
        return None

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return seen


def _printed_modules(text: str) -> dict[str, str]:
    """The modules ``scenario-schema codegen`` printed, by the file name on their comment."""
    modules: dict[str, str] = {}
    name = None
    for line in text.splitlines(keepends=True):
        if line.startswith("# <scenario_schema generated"):
            name = line[2:].rstrip("\n")
            modules[name] = ""
        else:
            assert name is not None
            modules[name] += line
    return {name: source[:-1] for name, source in modules.items()}  # the blank line after


@pytest.mark.parametrize(
    ("kind", "mode", "call"),
    [
        ("check", "strict", lambda p: ss.validate(p, "train-action-response")),
        ("check", "lenient", lambda p: ss.validate(p, "train-action-response", mode="lenient")),
        ("load", "strict", lambda p: ss.load(ss.TrainActionResponse, p)),
        ("dump", "strict", lambda p: ss.dump(ss.load(ss.TrainActionResponse, p))),
    ],
)
def test_codegen_prints_the_source_that_runs(
    kind: str, mode: str, call: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import linecache

    from scenario_schema import cli

    payload = copy.deepcopy(PAGE_EXAMPLE)
    payload["model"]["undocumented"] = [1, {"a": None}]
    call(payload)  # generated, and the rules of the example's types too
    ran = _generated_code_run_by(lambda: call(payload))
    assert cli.main(["codegen", "train-action-response", "--kind", kind, "--mode", mode]) == 0
    printed = _printed_modules(capsys.readouterr().out)
    for module, source in printed.items():
        compile(source, module, "exec")  # every printed module compiles
        assert "".join(linecache.getlines(module)) == source  # what tracebacks show
    wanted = {"check": "check ", "load": "load ", "dump": "dump "}[kind]
    runs = {name for name in ran if wanted in name or " rules of " in name}
    assert runs, "the call ran generated code"
    assert runs <= set(printed)  # every generated module the call ran was printed, as it ran


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_dumps_are_the_same_with_and_without_the_fast_extra(
    name: SchemaName, revision: Any
) -> None:
    """Free-form values copied by msgspec (the ``fast`` extra) dump exactly as by ``thaw``."""
    from scenario_schema._engine import dumpers
    from scenario_schema._frozen import thaw

    assert dumpers.free_copy_out() is not thaw, "msgspec is a test dependency"
    cls = resolve_schema(name)
    source, namespace = dumpers.dump_source(cls)
    namespace["thaw"] = thaw
    engine.compile_source(source, namespace, "test dump with thaw")
    with_thaw = namespace[f"dump_{cls.__name__}"]

    @per_revision(revision)
    @given(ss_st.instances(cls, mode="lenient", revision=revision))
    def check(instance: Any) -> None:
        fast, slow = engine.dumper(cls)(instance), with_thaw(instance)
        assert fast == slow
        assert json.dumps(fast) == json.dumps(slow)  # the same types and order, all the way down

    check()


def test_objects_with_huge_keys_are_checked_and_kept_but_their_shapes_are_not_cached() -> None:
    from scenario_schema._engine import generated  # the caches themselves

    key = "k" * 10_000
    payload = copy.deepcopy(PAGE_EXAMPLE)
    payload["model"][key] = {"nested": [1, 2]}
    cached = len(generated._SHAPES), len(generated._EXTRA_KEYS)
    for _ in range(2):
        report = ss.validate(payload, "train-action-response", revision="page")
        loaded = ss.load(ss.TrainActionResponse, payload, revision="page")
        assert report.ok
        assert [i.path for i in report.warnings if i.code == "unknown-field"] == [f"/model/{key}"]
        assert dict(loaded.model.extra) == {key: {"nested": [1, 2]}}
        assert ss.dump(loaded) == payload
    assert (len(generated._SHAPES), len(generated._EXTRA_KEYS)) == cached
