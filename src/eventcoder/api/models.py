"""Request bodies of the API (pydantic models; FastAPI validates them and the OpenAPI schema
documents them). Responses are the library's own records (``eventcoder.io.serialize``)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class CodeRequest(BaseModel):
    """An article to code: its text (plain text or HTML) and its publication date."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article: plain text, or HTML reduced to its text.")
    published: str = Field(
        description="Publication date, YYYY-MM-DD (or an ISO datetime); relative dates in the "
        "text are resolved against it.",
        examples=["2025-03-14"],
    )
    id: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="Document id (default: 'doc-' and a hash of the text).",
    )
    explain: bool = Field(default=False, description="Add `why` to each event record.")
    format: Literal["auto", "text", "html"] = Field(
        default="auto",
        description="What `text` is: `html` is reduced to the article's text, `text` is coded "
        "as written (markup and all), `auto` tells HTML by its tags.",
    )


class DocumentRequest(CodeRequest):
    """An article to code and store, with what the store keeps beside its events."""

    title: str | None = Field(default=None, max_length=2_000)
    url: str | None = Field(default=None, max_length=8_000)
    source: str | None = Field(default=None, max_length=500, description="The news source.")
    metadata: dict[str, str] = Field(default_factory=dict, description="Other fields kept.")


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable code: E001 ... (eventcoder.errors.ErrorCode).")
    message: str


class ErrorBody(BaseModel):
    """The one shape of every error the API answers."""

    error: ErrorDetail


class DateChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    earliest: date
    latest: date


class LocationChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    place: str | None = Field(default=None, max_length=500)
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3.")
    lat: float | None = None
    lon: float | None = None


class FatalitiesChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: int = Field(ge=0)
    max: int | None = Field(default=None, ge=0, description="null: at least min.")


class EventFields(BaseModel):
    """Fields of an event a reviewer sets; a field left out is left as it is (null clears
    mode, location and fatalities)."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = Field(default=None, description="A PLOVER type.", examples=["ASSAULT"])
    mode: str | None = Field(default=None, max_length=64)
    source: list[str] | None = Field(default=None, max_length=50, description="Actor codes.")
    target: list[str] | None = Field(default=None, max_length=50, description="Actor codes.")
    date: DateChange | None = None
    location: LocationChange | None = None
    fatalities: FatalitiesChange | None = None

    def changes(self) -> dict[str, Any]:
        """The fields given, by name (explicit nulls kept: they clear a field)."""
        return self.model_dump(
            exclude_unset=True, mode="json", include=set(EventFields.model_fields)
        )


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewer: str = Field(min_length=1, max_length=200, description="Who makes it.")
    note: str | None = Field(default=None, max_length=2_000, description="Why, for the trail.")


class CorrectionRequest(Review):
    """A reviewer's correction of a stored event: ``reject`` it (it is left out of queries,
    exports and gold), ``restore`` it, or ``correct`` the fields in ``changes``."""

    kind: Literal["reject", "restore", "correct"]
    changes: EventFields = Field(default_factory=EventFields)


class EvidenceSpan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0, description="Offset into the document's stored text.")
    end: int = Field(ge=1)


class AddedEventRequest(Review, EventFields):
    """An event the coder missed: its evidence span in the stored text and its fields
    (``type`` and ``date`` are needed)."""

    evidence: EvidenceSpan
