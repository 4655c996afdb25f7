"""Checking, bounding and shrinking evidence photos without ever decoding a large picture.

A photo's dimensions come from its header (Pillow's ``Image.open`` is lazy: it reads the header
and decodes nothing until ``load``): a picture over MAX_PIXELS is refused before any decoding,
whatever its byte size (a 560 KB PNG can hold 12000x12000 pixels). A photo longer than
STORED_SIDE_PX on a side is re-encoded ONCE, when it is stored, to a JPEG of that size (a JPEG is
decoded at a reduced scale with ``draft``), so that a review only ever decodes a bounded picture.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image as PilImage
from PIL import ImageOps

from models.line_features import MAX_PHOTO_BYTES

JPEG, PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 40_000_000  # refused above this, before decoding (Pillow's own bomb limit: ~89 MP)
STORED_SIDE_PX = 2048  # the longest side of a stored photo
THUMBNAIL_PX = 480  # LINE's image preview must stay under 1 MB: a 480 px JPEG is ~40 KB
# What a review may decode: a stored photo is at most STORED_SIDE_PX square; an older row larger
# than that is only read if it is a JPEG (``draft`` decodes it at 1/8 scale at most).
REVIEW_MAX_PIXELS = STORED_SIDE_PX * STORED_SIDE_PX

# Why a photo is refused (PhotoFetch.outcome).
BAD_TYPE, TOO_LARGE, TOO_MANY_PIXELS, UNREADABLE = "bad_type", "too_large", "too_many_pixels", "unreadable"


@dataclass(frozen=True)
class Prepared:
    """A photo fit to store: its bytes (the original, or the re-encoded JPEG) and type."""

    content: bytes
    content_type: str


def content_type_of(content: bytes) -> str | None:
    """JPEG or PNG by their magic bytes; None for anything else."""
    if content.startswith(JPEG):
        return "image/jpeg"
    if content.startswith(PNG):
        return "image/png"
    return None


def _open(content: bytes) -> PilImage.Image:
    """The picture with its header read and nothing decoded; a bomb raises before any decoding."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PilImage.DecompressionBombWarning)
        return PilImage.open(io.BytesIO(content))


def prepare(content: bytes) -> Prepared | str:
    """The photo to store, or why not (BAD_TYPE, TOO_LARGE, TOO_MANY_PIXELS, UNREADABLE)."""
    if len(content) > MAX_PHOTO_BYTES:
        return TOO_LARGE
    content_type = content_type_of(content)
    if content_type is None:
        return BAD_TYPE
    try:
        picture = _open(content)
    except (PilImage.DecompressionBombError, PilImage.DecompressionBombWarning):
        return TOO_MANY_PIXELS
    except (OSError, ValueError, SyntaxError):
        return UNREADABLE
    with picture:
        width, height = picture.size  # from the header
        if width * height > MAX_PIXELS:
            return TOO_MANY_PIXELS
        if max(width, height) <= STORED_SIDE_PX:
            return Prepared(content, content_type)  # bounded already: stored as sent
        try:
            return Prepared(_shrunk(picture, STORED_SIDE_PX, quality=85), "image/jpeg")
        except (OSError, ValueError, SyntaxError):
            return UNREADABLE


def _shrunk(picture: PilImage.Image, side: int, quality: int) -> bytes:
    """A JPEG at most ``side`` px long, upright (EXIF orientation applied; the metadata is dropped)."""
    if picture.format == "JPEG":
        picture.draft("RGB", (side, side))  # decode at the smallest scale that is still >= side
    picture.thumbnail((side, side))
    upright = ImageOps.exif_transpose(picture) or picture
    out = io.BytesIO()
    upright.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def thumbnail(content: bytes) -> bytes | None:
    """A small JPEG of a stored photo (for the reviewer's chat); None if it cannot be read, or if
    it would mean decoding a large picture (an older row stored before photos were bounded)."""
    try:
        with _open(content) as picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:
                return None
            if width * height > REVIEW_MAX_PIXELS and picture.format != "JPEG":
                return None
            return _shrunk(picture, THUMBNAIL_PX, quality=80)
    except (
        OSError,
        ValueError,
        SyntaxError,
        PilImage.DecompressionBombError,
        PilImage.DecompressionBombWarning,
    ):
        return None
