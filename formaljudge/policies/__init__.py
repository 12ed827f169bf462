"""The shipped policy library, and loading a spec by name or path."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from formaljudge.errors import SpecError
from formaljudge.ir._formula import fact_refs
from formaljudge.ir._spec import PolicySpec


def shipped() -> list[str]:
    """Names of the policies that ship with FormalJudge."""
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".json"))


def parse_policy(text: str, *, source: str = "<spec>") -> PolicySpec:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SpecError(f"{source}: not valid JSON: {exc}") from None
    try:
        spec = PolicySpec.model_validate(data)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10]]
        raise SpecError(f"{source}: not a valid policy spec:\n" + "\n".join(lines)) from None
    if not spec.constraints:
        raise SpecError(f"{source}: the spec has no constraints: it would pass every trace, so it is refused")
    return spec


def load_policy(name_or_path: str | Path) -> PolicySpec:
    """A shipped policy by name (``payments``) or a spec JSON file by path."""
    key = str(name_or_path)
    base, _, category = key.partition(":")
    if category and base in shipped():
        return _category(load_policy(base), category)
    if key in shipped():
        text = resources.files(__package__).joinpath(f"{key}.json").read_text(encoding="utf-8")
        return parse_policy(text, source=f"policy {key}")
    path = Path(key)
    if not path.exists():
        raise SpecError(f"{key}: no such policy file, and not a shipped policy (shipped: {', '.join(shipped())})")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{key}: cannot read: {exc}") from None
    return parse_policy(text, source=key)


def _category(spec: PolicySpec, category: str) -> PolicySpec:
    """One category of a shipped policy (``safety:injection``), with only the facts it uses."""
    keep = [c for c in spec.constraints if c.category == category]
    if not keep:
        cats = sorted({c.category for c in spec.constraints if c.category})
        raise SpecError(f"policy {spec.name} has no category {category!r} (categories: {', '.join(cats)})")
    used = {name for c in keep for name in fact_refs(c.formula)}
    return PolicySpec(
        name=f"{spec.name}:{category}",
        description=spec.description,
        facts=[f for f in spec.facts if f.name in used],
        constraints=keep,
        provenance=spec.provenance,
    )


def write_dafny_specs(directory: Path) -> list[Path]:
    """Write every shipped policy as ``directory/<name>.dfy``; the paths written."""
    from formaljudge.backends._dafny_policy import emit_policy

    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name in shipped():
        path = directory / f"{name}.dfy"
        path.write_text(emit_policy(load_policy(name)), encoding="utf-8")
        out.append(path)
    return out
