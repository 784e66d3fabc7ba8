"""XML parsing that cannot be turned against the machine reading it.

LEGI files never carry a DOCTYPE or entity declarations, so any such declaration is refused outright
(billion laughs, external entities, DTD fetches); lxml is additionally told never to resolve entities,
load a DTD, touch the network or accept huge trees.
"""

from __future__ import annotations

import re

from lxml import etree

from lextrack.errors import ParseError

MAX_XML_BYTES = 5 * 1024 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes | str, path: str | None = None) -> etree._Element:
    """The root element, or a ParseError naming the file, the line and the problem."""
    if isinstance(data, str):
        # lxml refuses a str that declares its encoding; the text is already decoded.
        data = _XML_DECL.sub("", data, count=1).encode("utf-8")
    if len(data) > MAX_XML_BYTES:
        raise ParseError(f"XML larger than {MAX_XML_BYTES // (1024 * 1024)} MB", path)
    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        # UTF-16 would hide a declaration from the byte search: look at the decoded text too
        try:
            probe = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("XML in an undecodable UTF-16", path) from None
    m = _DECLARATION.search(probe)
    if m:
        line = probe.count(b"\n", 0, m.start()) + 1
        kind = m.group(1).decode("ascii").upper()
        raise ParseError(
            f"XML with a <!{kind}> declaration refused (DTDs and entities are not allowed)", path, line
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        msg = exc.msg if hasattr(exc, "msg") and exc.msg else str(exc)
        raise ParseError(f"malformed XML: {msg}", path, getattr(exc, "lineno", None)) from None
    except (ValueError, etree.LxmlError) as exc:
        raise ParseError(f"malformed XML: {exc}", path) from None
    if root is None:
        raise ParseError("empty XML document", path)
    return root
