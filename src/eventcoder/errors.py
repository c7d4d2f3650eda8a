"""User-facing errors, each with a stable code (spaCy-style), one message shape everywhere.

The library raises :class:`EventcoderError`; only the CLI turns it into an exit status and the
API into its one JSON error shape.
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(Enum):
    """Stable codes: the first field is the code, the second the message template."""

    E001 = "E001", "The text is empty or only whitespace."
    E002 = "E002", "The input is binary, not text ({detail})."
    E003 = "E003", "The input is not valid text in any supported encoding ({detail})."
    E004 = "E004", "The text is too long: {size} characters, the limit is {limit}."
    E005 = "E005", "{what} is too large: more than {limit:,} bytes."
    E010 = "E010", "No publication date was given; pass one (e.g. --published 2025-10-29)."
    E011 = "E011", "The publication date {value!r} is not a date in the form YYYY-MM-DD."
    E012 = "E012", "The publication date {value} is in the future (today is {today})."
    E013 = "E013", "The publication date {value} is out of range ({earliest} to {latest})."
    E020 = "E020", "Line {line}: {detail}"
    E021 = "E021", "Cannot read {path}: {detail}"
    E022 = "E022", "Cannot code {path}: {detail}"
    E030 = "E030", "The pipeline is misconfigured: {detail}"
    E031 = "E031", "Unknown pipeline component {name!r}; registered: {known}."
    E032 = "E032", "The spaCy model package {package} is not the vetted one: {detail}"
    E040 = "E040", "Gold file {path} is invalid: {detail}"
    E050 = "E050", "The knowledge file {path} is invalid: {detail}"
    E060 = "E060", "Cannot open the event store {path}: {detail}"
    E061 = "E061", "The event store {path} has schema version {found}, newer than {supported}."
    E062 = "E062", "Coding document {doc_id!r} failed: {detail}"
    E063 = "E063", "A worker process stopped unexpectedly ({detail})."
    E064 = (
        "E064",
        "The event store {path} is in use by another process (DuckDB allows one process to "
        "write a store, and none to read it meanwhile); try again when it is done ({detail}).",
    )
    E065 = "E065", "No event {event_id!r} in the store."
    E066 = "E066", "Invalid review: {detail}"
    E067 = (
        "E067",
        "Document {doc_id!r} was stored without its text (before schema version 3): no event "
        "can be added to it, nor is it exported as gold.",
    )
    E068 = "E068", "No incident {incident_id!r} in the store."
    E069 = (
        "E069",
        "Cannot write the event store {path}: {detail}. What was stored before stays stored and "
        "nothing was half-written; make room on its disk (or make it writable) and run the same "
        "command again to code the rest.",
    )
    E070 = (
        "E070",
        "The store's memory limit {value!r} is not a size: give a number and a unit, such as "
        "512MB or 2GiB, or a share of the machine's memory, such as 80%.",
    )
    E120 = (
        "E120",
        "The event store {path} needs more memory than its memory limit allows: {detail}. What "
        "was stored before stays stored and nothing was half-written; run the command again with "
        "a larger --memory-limit (such as 1GB, or 80% of the machine's): a batch then codes only "
        "what it has not stored.",
    )
    E121 = (
        "E121",
        "The HTML of {source} nests its elements deeper than the HTML reader reads (255 "
        "levels), so its text cannot be found; flatten the page or give its text as plain text.",
    )
    E075 = "E075", "Unknown export format {name!r}; choose one of: {known}."
    E076 = "E076", "Unknown export schema {name!r}; choose one of: {known}."
    E077 = "E077", "Parquet is a binary file format: name the file to write with -o/--output."
    E078 = "E078", "Cannot write {path}: {detail}"
    E080 = "E080", "Coding document {doc_id!r} took longer than {seconds} s; it was stopped."
    E081 = "E081", "The Ray engine needs Ray: pip install 'eventcoder[ray]' ({detail})."
    E082 = "E082", "Cannot start or join Ray{where}: {detail}"
    E090 = "E090", "Nothing at {path}; the API is under /api/v1 (see /openapi.json)."
    E091 = "E091", "Method {method} is not allowed on {path}."
    E092 = "E092", "The request body is larger than the limit of {limit} bytes."
    E093 = "E093", "Invalid request: {detail}"
    E094 = (
        "E094",
        "The event store is busy: another process (e.g. eventcoder batch) is writing it; "
        "try again in a few seconds.",
    )
    E095 = "E095", "No document {doc_id!r} in the store."
    E096 = "E096", "A document with id {doc_id!r} is already stored."
    E097 = "E097", "HTTP {status}: {detail}"
    E098 = "E098", "Internal server error ({kind}); the server's log has the details."

    @property
    def template(self) -> str:
        return self.value[1]


class EventcoderError(Exception):
    """An error the user can act on; ``str(err)`` is the full message with its code."""

    def __init__(self, code: ErrorCode, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(f"[{code.name}] {code.template.format(**details)}")

    def to_dict(self) -> dict[str, object]:
        """The one JSON error shape used by the CLI (--json) and the HTTP API."""
        return {
            "error": {
                "code": self.code.name,
                "message": self.code.template.format(**self.details),
            }
        }
