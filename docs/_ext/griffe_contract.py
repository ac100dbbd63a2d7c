"""Griffe extension for the API reference (loaded by mkdocstrings, see ``mkdocs.yml``).

Two things the docstrings alone do not give Markdown:

- the source's Sphinx roles (``:func:`validate```) become cross-references to the
  rendered object when there is one, and inline code otherwise;
- each field of a contract class gets its page description, wire name and
  limits, derived from its ``declare()`` metadata: the same declaration the
  validator, the converter, the JSON Schemas and the strategies read.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import griffe

from scenario_schema import models
from scenario_schema._fields import Array, Constraints, FieldSpec, Scalar, Shape, class_spec

PACKAGE = "scenario_schema"
_ROLE = re.compile(r":(?:func|class|data|meth|attr|mod|exc|obj):`~?([\w.]+)`")


def _target(obj: griffe.Object, name: str) -> str | None:
    """The full path a role's target names, seen from ``obj``; ``None`` if unknown."""
    if name.startswith(f"{PACKAGE}."):
        return name
    head, _, rest = name.partition(".")
    try:
        path = obj.resolve(head)
    except griffe.NameResolutionError:
        package = obj.package
        if head not in package.members:
            return None
        path = f"{PACKAGE}.{head}"
    return f"{path}.{rest}" if rest else path


def _link_roles(obj: griffe.Object, text: str) -> str:
    def link(match: re.Match[str]) -> str:
        name = match.group(1)
        shown = name.rpartition(".")[2] if "~" in match.group(0) else name
        title = f"<code>{shown}</code>"
        target = _target(obj, name)
        if target is None:
            return f"`{name}`"
        # `optional`: a target that is not rendered anywhere stays plain code, no warning.
        return f'<autoref identifier="{target}" optional>{title}</autoref>'

    return _ROLE.sub(link, text)


def _limits(constraints: Constraints) -> list[str]:
    return [f"{keyword} {value}" for keyword, value in constraints.keywords().items()]


def _shape_limits(shape: Shape) -> list[str]:
    if isinstance(shape, Scalar):
        return _limits(shape.constraints)
    if isinstance(shape, Array):
        return [f"each item: {limit}" for limit in _shape_limits(shape.item)]
    return []


def _field_doc(spec: FieldSpec) -> str:
    facts = [
        f"JSON name `{spec.wire}`",
        "required" if spec.required else "optional (absent or `null`)",
        *_shape_limits(spec.shape),
    ]
    if spec.secret:
        facts.append("a credential: its value is never shown")
    return f"{spec.doc}\n\n{'; '.join(facts)}."


def _document_fields(package: griffe.Module) -> None:
    module = package.members["models"]
    for name in models.__all__:
        cls = getattr(models, name)
        target = module.members[name]
        specs = {} if cls is models.Contract else {s.name: s for s in class_spec(cls).fields}
        for field in attrs.fields(cls):
            if field.name not in target.members:
                continue  # inherited from Contract: documented there
            attribute = target.members[field.name]
            if not isinstance(attribute, griffe.Attribute):
                msg = f"{name}.{field.name} is not an attribute in the source"
                raise TypeError(msg)
            # Show `rank: int | None = None`, not the `attrs.field(...)` call.
            attribute.value = "None" if field.default is None else None
            attribute.labels = {"instance-attribute"}
            if field.name in specs:
                attribute.docstring = griffe.Docstring(
                    _field_doc(specs[field.name]), parent=attribute
                )


def _walk(obj: griffe.Object | griffe.Alias) -> None:
    if isinstance(obj, griffe.Alias):
        return  # documented where it is defined
    if obj.docstring is not None:
        obj.docstring.value = _link_roles(obj, obj.docstring.value)
    for member in obj.members.values():
        _walk(member)


class ContractDocs(griffe.Extension):
    """Link Sphinx roles and document contract fields from their declarations."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite the package's docstrings once it is loaded."""
        if pkg.name != PACKAGE:
            return
        _document_fields(pkg)
        _walk(pkg)
