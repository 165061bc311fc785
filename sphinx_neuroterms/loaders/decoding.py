"""Term files as text: which encoding a file is in, and what is wrong with its bytes.

Files are UTF-8 unless they say otherwise in one of the two ways a file can:

* a byte order mark: spreadsheets save "Unicode text" (tab-separated) as UTF-16 with one,
  and some editors mark UTF-8 the same way;
* an XML declaration (``<?xml version="1.0" encoding="ISO-8859-1"?>``), which a TBX
  termbase exported by an older tool carries, and which XML parsers honour.

A declared encoding is honoured only if it is a character set meant for text files:
decoders such as UTF-7 or ``unicode_escape`` turn plain ASCII bytes into ``<`` and ``&``, so
a file could say one thing to a reviewer and another to the loader. Any other declaration is
a located warning, and the file is read as UTF-8.
"""

from __future__ import annotations

import codecs
import re

from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location

#: Byte order marks other than UTF-8's and the codec that reads (and drops) each; UTF-32's
#: little-endian mark begins with UTF-16's, so it is tried first.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: The encoding an XML declaration at the very start of the file names.
_XML_DECLARATION = re.compile(rb"""<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")

#: Character sets a term file may declare, by Python's canonical codec name (ISO-8859-1 is
#: ``iso8859-1``, windows-1252 ``cp1252``): Unicode, and the national and vendor sets that
#: spreadsheets and termbase tools write.
_TEXT_CHARSETS = frozenset(
    {
        "ascii",
        "utf-8",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        *(f"iso8859-{part}" for part in (*range(1, 12), 13, 14, 15, 16)),
        *(f"cp{page}" for page in (437, 850, 852, 866, 874, 932, 949, 950, *range(1250, 1259))),
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "shift_jis",
        "euc_jp",
        "iso2022_jp",
        "gb2312",
        "gbk",
        "gb18030",
        "big5",
        "big5hkscs",
        "euc_kr",
    }
)


def decode_term_file(data: bytes, display_path: str) -> tuple[str, list[Diagnostic]]:
    """Decode a term file to text with ``\\n`` line ends (see the module for the encoding).

    Undecodable bytes and NUL bytes are reported with their byte offset and line; the text
    around them is kept (bad bytes become U+FFFD, NULs are removed) so the rest still loads.
    """
    diagnostics: list[Diagnostic] = []
    # Offsets are counted from the text's first byte, after a UTF-8 mark.
    data = data.removeprefix(codecs.BOM_UTF8)
    encoding = _encoding_of(data, display_path, diagnostics)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        name = "UTF-8" if encoding == "utf-8" else encoding
        diagnostics.append(
            Diagnostic(
                WarningSubtype.ENCODING,
                f"not valid {name} at byte offset {error.start} ({error.reason}); "
                f"save the file as UTF-8 (undecodable bytes are shown as U+FFFD)",
                Location(display_path, line),
            )
        )
        text = data.decode(encoding, errors="replace")
    if "\x00" in text:
        offset = data.find(b"\x00") if encoding == "utf-8" else text.find("\x00")
        diagnostics.append(
            Diagnostic(
                WarningSubtype.ENCODING,
                f"NUL byte at byte offset {offset}; NUL bytes are removed",
                Location(display_path, text.count("\n", 0, text.find("\x00")) + 1),
            )
        )
        text = text.replace("\x00", "")
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics


def _encoding_of(data: bytes, display_path: str, diagnostics: list[Diagnostic]) -> str:
    """The codec to read ``data`` with: its byte order mark's, its XML declaration's, or
    UTF-8."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return codec
    declared = _XML_DECLARATION.match(data)
    if declared is None:
        return "utf-8"
    name = declared[1].decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec in _TEXT_CHARSETS:
        return codec
    diagnostics.append(
        Diagnostic(
            WarningSubtype.ENCODING,
            f"the XML declaration names encoding {name!r}, which is not a character set for "
            "text files; the file is read as UTF-8",
            Location(display_path, 1),
        )
    )
    return "utf-8"
