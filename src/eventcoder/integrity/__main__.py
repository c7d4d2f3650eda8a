"""``python -m eventcoder.integrity [--record]``: check (or record) the spaCy model package."""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources

from eventcoder.errors import EventcoderError
from eventcoder.integrity import (
    FACTS_FILE,
    check_model,
    file_digests,
    load_facts,
    model_folder,
    weight_shapes,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventcoder.integrity")
    parser.add_argument("--record", action="store_true", help="rewrite the pinned record")
    args = parser.parse_args(argv)
    import spacy

    facts = load_facts()
    nlp = spacy.load(facts.package)
    if args.record:
        path = resources.files("eventcoder.integrity").joinpath(FACTS_FILE)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["pinned"]["files"] = file_digests(model_folder(facts.package))
        data["pinned"]["weight_shapes"] = weight_shapes(nlp)
        with resources.as_file(path) as file:
            file.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"recorded {len(data['pinned']['files'])} files of {facts.package}")
        return 0
    try:
        check_model(nlp, facts)
    except EventcoderError as err:
        print(err, file=sys.stderr)
        return 1
    files = len(facts.pinned["files"])
    print(f"{facts.package}: meta matches Explosion's release; {files} files and weights as vetted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
