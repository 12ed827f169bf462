"""Errors a user can fix. The CLI prints them without a traceback."""

from __future__ import annotations


class FormalJudgeError(Exception):
    """Base class of every error the user can act on."""


class TraceParseError(FormalJudgeError):
    """A trace file or record could not be read.

    Names the file, the record (index or id) and the field, so that the user
    can find the bad spot without a debugger.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: int | str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.record = record
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.field is not None:
            where.append(f"field {self.field}")
        prefix = ": ".join([", ".join(where)]) if where else ""
        return f"{prefix}: {self.message}" if prefix else self.message

    def at(self, *, file: str | None = None, record: int | str | None = None) -> TraceParseError:
        """The same error with the file or record filled in where missing."""
        return TraceParseError(
            self.message,
            file=self.file if self.file is not None else file,
            record=self.record if self.record is not None else record,
            field=self.field,
        )


class SpecError(FormalJudgeError):
    """A policy spec is malformed or refers to things it does not define."""


class BackendUnavailable(FormalJudgeError):
    """A solver backend's program or library is missing."""
