"""Request bodies of the API (pydantic models; FastAPI validates them and the OpenAPI schema
documents them). Responses are the library's own records (``eventcoder.io.serialize``)."""

from __future__ import annotations

from typing import Literal

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
