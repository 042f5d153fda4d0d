"""Zip containers (OOXML, OpenDocument): the one zip-bomb rule (also applied by `core.uploads` to uploads) and
the `Archive` that parsers read members through, within that rule and a byte budget, with safe XML."""

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from cphelpdesk.core.extractors.base import ENCRYPTED, EXPANDS, UNREADABLE, UNSAFE, Elements, ExtractionError

# Small members may compress as much as they like: only those over this size are held to max_ratio.
RATIO_FLOOR_BYTES = 1024 * 1024
# Relationship lists, the workbook and the presentation part are small; a huge one is not a real document.
SMALL_PART_BYTES = 16 * 1024 * 1024
# A password-protected OOXML file is an OLE2 container that holds an "EncryptionInfo" stream.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def zip_bomb(members: list, *, max_members: int, max_unpacked_bytes: int,
             max_ratio: int) -> str | None:
    """Why a zip with these members would unpack too far (for the log), or None: the one zip-bomb rule of the
    upload check and of text extraction."""
    if len(members) > max_members:
        return f"{len(members)} members"
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            return f"{member.filename} compressed {member.file_size} to {member.compress_size} bytes"
    declared = sum(member.file_size for member in members)
    if declared > max_unpacked_bytes:
        return f"{declared} bytes declared"
    # The same ratio for the whole archive, so that a bomb split into members under the floor is caught too.
    compressed = sum(member.compress_size for member in members)
    if declared > RATIO_FLOOR_BYTES and declared > max_ratio * max(compressed, 1):
        return f"{len(members)} members compressed {declared} to {compressed} bytes"
    return None


class Archive:
    """A zip container checked against zip bombs before anything in it is read.

    Refused: more members than max_members, declared sizes adding up past max_unpacked_bytes, a large member
    compressed more than max_ratio times, encrypted members. Reading then counts the bytes really unpacked (a
    member may lie about its size) against the same budget and the member's declared size.
    """

    def __init__(self, data: bytes, limits):
        if data.startswith(OLE2_MAGIC):
            # Office saves a password-protected document as an encrypted OLE2 container, not a zip.
            if OLE2_ENCRYPTION_INFO in data:
                raise ExtractionError(ENCRYPTED, "OLE2 container with EncryptionInfo")
            raise ExtractionError(UNREADABLE, "OLE2 container, not a zip")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ExtractionError(UNREADABLE, repr(exc)) from exc
        if reason := zip_bomb(members, max_members=limits.max_members,
                              max_unpacked_bytes=limits.max_unpacked_bytes, max_ratio=limits.max_ratio):
            raise ExtractionError(EXPANDS, reason)
        for member in members:
            if member.flag_bits & 0x1:
                raise ExtractionError(ENCRYPTED, f"encrypted member {member.filename}")
        self.members = {member.filename: member for member in members}
        self.budget = limits.max_unpacked_bytes

    def __contains__(self, name: str) -> bool:
        return name in self.members

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes, 64 KiB at a time, never more than it declared nor than the budget left."""
        member = self.members[name]
        unpacked = 0
        try:
            with self.zip.open(member) as stream:
                while chunk := stream.read(65536):
                    unpacked += len(chunk)
                    if unpacked > member.file_size or unpacked > self.budget:
                        raise ExtractionError(EXPANDS, f"{name} unpacks past its limit")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ExtractionError(UNREADABLE, f"{name}: {exc!r}") from exc
        self.budget -= unpacked

    def read(self, name: str) -> bytes:
        if self.members[name].file_size > SMALL_PART_BYTES:
            raise ExtractionError(EXPANDS, f"{name} is too large for its kind")
        return b"".join(self.chunks(name))

    def parse(self, name: str, target) -> None:
        """Stream one XML member into an ElementTree parser target; DTDs, entities, external references refused.

        No tree is built: the target gets start, end and data calls as the parser goes. Refusing any DTD also
        refuses billion-laughs and external-entity tricks; Office and OpenDocument XML never have one.
        """
        parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        try:
            for chunk in self.chunks(name):
                parser.feed(chunk)
            parser.close()
        except DefusedXmlException as exc:
            raise ExtractionError(UNSAFE, f"{name}: {exc!r}") from exc
        except (ParseError, ValueError, LookupError) as exc:
            raise ExtractionError(UNREADABLE, f"{name}: {exc!r}") from exc

    def elements(self, name: str, wanted: set[str]) -> list[tuple[str, dict]]:
        """(local name, attributes) of the elements of a small member whose local name is in `wanted`."""
        if self.members[name].file_size > SMALL_PART_BYTES:
            raise ExtractionError(EXPANDS, f"{name} is too large for its kind")
        target = Elements(wanted)
        self.parse(name, target)
        return target.found

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, member name), internal targets only."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self:
            return {}
        found = {}
        for _local, attrib in self.elements(rels, {"Relationship"}):
            if attrib.get("TargetMode") == "External" or "Id" not in attrib or "Target" not in attrib:
                continue
            target = attrib["Target"]
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrib["Id"]] = (attrib.get("Type", ""), posixpath.normpath(member))
        return found
