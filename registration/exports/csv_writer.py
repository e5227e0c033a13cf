"""Write `(headers, rows)` as CSV that Excel opens correctly in Sweden.

UTF-8 with a byte-order mark (without it Excel guesses a legacy code page and
mangles å, ä, ö), `,` or `;` as delimiter (Swedish Excel expects `;` because
`,` is the decimal separator), and text cells that a spreadsheet would read as
a formula neutralised with a leading apostrophe (CSV formula injection: a name
like `=HYPERLINK(...)` typed into the staff directory must stay text).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import BinaryIO

BOM = "\ufeff"
DELIMITERS = (",", ";")
# Characters that make Excel, LibreOffice or Google Sheets start a formula;
# tab and carriage return because some spreadsheets strip them first.
FORMULA_STARTS = frozenset("=+-@\t\r")
# Flush the text buffer to the consumer in pieces of about this many
# characters: small enough to start a download at once, big enough that the
# per-chunk cost (encode, WSGI write) does not dominate.
CHUNK_CHARS = 64 * 1024


def neutralise(value: str) -> str:
    """Return `value` made safe to open in a spreadsheet: formula starts get a leading `'`."""
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def cell_text(value: object) -> str:
    """Return one cell as CSV text: dates in ISO form, None empty, text neutralised."""
    if value.__class__ is str:
        return neutralise(value)  # type: ignore[arg-type]
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ", "minutes")[:16]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(str(value))


def iter_csv(
    headers: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ","
) -> Iterator[bytes]:
    """Yield the CSV file as UTF-8 byte chunks (BOM first), pulling rows lazily.

    Suitable as the body of a streamed HTTP response: nothing is held beyond
    one chunk.
    """
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([cell_text(h) for h in headers])
    starts, str_ = FORMULA_STARTS, str
    for row in rows:
        # cell_text inlined for the common case, plain text: this loop runs
        # once per cell of a 100k-row export.
        writer.writerow([
            (("'" + v) if v and v[0] in starts else v) if v.__class__ is str_ else cell_text(v)
            for v in row
        ])
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_csv(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    out: BinaryIO,
    delimiter: str = ",",
) -> int:
    """Write the CSV file to the binary stream `out`; return the number of bytes written."""
    written = 0
    for chunk in iter_csv(headers, rows, delimiter):
        out.write(chunk)
        written += len(chunk)
    return written
