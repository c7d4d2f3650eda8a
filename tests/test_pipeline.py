from __future__ import annotations

import pytest

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.pipeline import COMPONENTS, DEFAULT_PIPELINE, ComponentSpec, check_order


def test_default_pipeline_is_consistent() -> None:
    check_order(DEFAULT_PIPELINE)


def test_unknown_component_is_refused_with_the_known_names() -> None:
    with pytest.raises(EventcoderError) as raised:
        check_order(("structure", "telepathy"))
    assert raised.value.code is ErrorCode.E031
    assert "parse" in str(raised.value)


def test_component_whose_requirement_nothing_assigned_is_refused() -> None:
    with pytest.raises(EventcoderError) as raised:
        check_order(("structure", "events"))
    assert raised.value.code is ErrorCode.E030
    assert "doc" in str(raised.value)


def test_a_stage_can_be_swapped_by_registering_another_spec() -> None:
    registry = dict(COMPONENTS)
    registry["learned-events"] = ComponentSpec(
        "learned-events", "somewhere:Else", requires=("doc", "units"), assigns=("triggers",)
    )
    check_order(
        ("structure", "parse", "mentions", "learned-events", "arguments", "merge"), registry
    )
