"""Term files as text: which encoding a file is in, and what is wrong with its bytes.

Files are UTF-8 unless they say otherwise in one of the two ways a file can:

* a byte order mark: spreadsheets save "Unicode text" (tab-separated) as UTF-16 with one,
  and some editors mark UTF-8 the same way; a mark wins over a declaration, as in XML;
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

#: Byte order marks and the codec that reads what follows each; UTF-32's little-endian mark
#: begins with UTF-16's, so it is tried first. A mark is taken off before decoding, so that
#: offsets count from the text's first byte whatever the encoding.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: The encoding an XML declaration at the very start of the file names.
_XML_DECLARATION = re.compile(rb"""<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")

#: Declared encodings that a file read as UTF-8 cannot be in, and is read as UTF-8 without a
#: warning: a declaration that reads as ASCII is not in UTF-16 or UTF-32, whatever it says
#: (tools write ``encoding="UTF-16"`` into UTF-8 files); a file that is has a byte-order mark.
_DECLARED_UNICODE = ("utf-16", "utf-32")

#: Character sets a term file may declare, by Python's canonical codec name (ISO-8859-1 is
#: ``iso8859-1``, windows-1252 ``cp1252``): the national and vendor sets that spreadsheets and
#: termbase tools write.
_TEXT_CHARSETS = frozenset(
    {
        "ascii",
        "utf-8",
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

    Undecodable bytes and NUL bytes are reported with their byte offset (counted after a
    byte-order mark) and line; the text around them is kept (bad bytes become U+FFFD, NULs
    are removed) so the rest still loads.
    """
    diagnostics: list[Diagnostic] = []
    data, encoding = _encoding_of(data, display_path, diagnostics)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        advice = (
            "save the file as UTF-8" if encoding == "utf-8" else f"the file is read as {encoding}"
        )
        diagnostics.append(
            Diagnostic(
                WarningSubtype.ENCODING,
                f"not valid {'UTF-8' if encoding == 'utf-8' else encoding} at byte offset "
                f"{error.start} ({error.reason}); {advice} (undecodable bytes are shown as "
                "U+FFFD)",
                Location(display_path, line),
            )
        )
        text = data.decode(encoding, errors="replace")
    if "\x00" in text:
        index = text.find("\x00")
        diagnostics.append(
            Diagnostic(
                WarningSubtype.ENCODING,
                f"NUL byte at byte offset {_byte_offset(data, text, index, encoding)}; NUL "
                "bytes are removed",
                Location(display_path, text.count("\n", 0, index) + 1),
            )
        )
        text = text.replace("\x00", "")
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics


def _byte_offset(data: bytes, text: str, index: int, encoding: str) -> int:
    """Where the character at ``index`` of ``text`` starts in ``data`` (a UTF-8 file may hold
    undecodable bytes, which the text shows as one U+FFFD each)."""
    if encoding == "utf-8":
        return data.find(b"\x00")
    return len(text[:index].encode(encoding, errors="replace"))


def _encoding_of(
    data: bytes, display_path: str, diagnostics: list[Diagnostic]
) -> tuple[bytes, str]:
    """``data`` without its byte-order mark, and the codec to read it with: the mark's (which
    wins, as in XML), the XML declaration's, or UTF-8."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data[len(mark) :], codec
    declared = _XML_DECLARATION.match(data)
    if declared is None:
        return data, "utf-8"
    name = declared[1].decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec in _TEXT_CHARSETS:
        return data, codec
    if not codec.startswith(_DECLARED_UNICODE):
        diagnostics.append(
            Diagnostic(
                WarningSubtype.ENCODING,
                f"the XML declaration names encoding {name!r}, which is not a character set "
                "for text files; the file is read as UTF-8",
                Location(display_path, 1),
            )
        )
    return data, "utf-8"
