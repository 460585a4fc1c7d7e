"""Photos leave the landing zone without metadata: EXIF (GPS, artist, camera serial), XMP, IPTC,
ICC profiles, PNG text chunks, GIF comments and anything after the image's end.

The image data itself is copied byte for byte where the container allows it (JPEG segments, PNG
chunks, WebP RIFF chunks, GIF blocks are whitelisted, not decoded), so pixels stay exactly what
the seller uploaded. Two things live in metadata yet change what the photo looks like: the EXIF
orientation and the ICC colour profile; `displayed_pixels` bakes both into the pixels before the
metadata goes. A container that cannot be parsed is re-encoded from its decoded pixels instead.
"""

from __future__ import annotations

import io

# PNG chunks needed to draw the image as it looks (APNG included); everything else (tEXt, zTXt,
# iTXt, eXIf, tIME, iCCP with its free-text name, private chunks) is dropped.
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT",
            b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
# WebP chunks that hold pixels or animation; ICCP, EXIF, "XMP " and unknown chunks go.
WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ANIM", b"ANMF", b"ALPH"}
WEBP_METADATA_FLAGS = 0x20 | 0x08 | 0x04  # ICC, EXIF, XMP bits of the VP8X header
# GIF application extensions that only say how to loop; XMP and ICC ones are dropped.
GIF_LOOP_EXTENSIONS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}
EXIF_ORIENTATION = 0x0112


def needs_new_pixels(img) -> bool:
    """True when dropping metadata alone would change how the photo looks (rotated by EXIF, or
    in a colour space other than sRGB)."""
    return img.getexif().get(EXIF_ORIENTATION, 1) != 1 or bool(img.info.get("icc_profile"))


def displayed_pixels(img):
    """A copy of `img` as a viewer shows it: EXIF orientation applied, colours converted from the
    embedded ICC profile to sRGB, and no metadata attached."""
    from PIL import ImageCms, ImageOps

    upright = ImageOps.exif_transpose(img) or img.copy()
    icc = img.info.get("icc_profile")
    if icc:
        mode = "RGBA" if "A" in upright.getbands() or "transparency" in upright.info else "RGB"
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                upright if upright.mode in ("RGB", "RGBA", "CMYK", "L") else upright.convert(mode),
                source, ImageCms.createProfile("sRGB"), outputMode=mode)
            upright = converted or upright
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as stored, drop the profile anyway
    upright.info = {}
    return upright


# Pillow's format names of the photos we accept, and the name and file extension we give each.
PHOTO_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


def without_metadata(data: bytes) -> tuple[str, bytes]:
    """(format, bytes) of a photo as it may leave the landing zone: the format read from the
    bytes (not the file name), no metadata at all, and looking as the seller saw it (an EXIF
    rotation or ICC profile baked into the pixels first; otherwise the image data is kept)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        fmt = PHOTO_FORMATS.get(img.format or "")
        if fmt is None:
            raise ValueError(f"image format {img.format!r} is not one of jpeg/png/webp/gif")
        if needs_new_pixels(img):
            img.load()
            return fmt, encode(displayed_pixels(img), fmt)
    return fmt, strip_metadata(data, fmt)


def strip_metadata(data: bytes, fmt: str) -> bytes:
    """`data` (a `fmt` image: jpeg, png, webp or gif) without any metadata, the image data
    copied unchanged; re-encoded from its pixels when the container cannot be walked."""
    stripper = {"jpeg": _strip_jpeg, "png": _strip_png, "webp": _strip_webp, "gif": _strip_gif}[fmt]
    try:
        return stripper(data)
    except (ValueError, IndexError):
        return reencode(data, fmt)


def reencode(data: bytes, fmt: str) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return encode(displayed_pixels(img), fmt)


def encode(img, fmt: str) -> bytes:
    """`img` saved as `fmt` with no metadata (Pillow adds none unless asked; stripped anyway)."""
    buffer = io.BytesIO()
    img.info = {}
    if fmt == "jpeg":
        img = img.convert("RGB") if img.mode not in ("RGB", "L") else img
        img.save(buffer, format="JPEG", quality=88, optimize=True)
    else:
        img.save(buffer, format=fmt.upper())
    return {"jpeg": _strip_jpeg, "png": _strip_png, "webp": _strip_webp, "gif": _strip_gif}[fmt](
        buffer.getvalue())


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out, i = [b"\xff\xd8"], 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("expected a marker")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte before a marker
            i += 1
            continue
        if marker == 0xD9:  # end of image: whatever follows is dropped too
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.append(data[i:i + 2])
            i += 2
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        end = i + 2 + length
        if length < 2 or end > len(data):
            raise ValueError("segment runs past the end")
        if marker == 0xDA:  # start of scan: copy the coded data up to the next real marker
            end = _scan_end(data, end)
            out.append(data[i:end])
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            # APPn and comments: keep only JFIF (APP0) and Adobe (APP14), which decoders need
            # to read the colours right; EXIF, XMP, ICC, IPTC, MPF and comments go.
            body = data[i + 4:end]
            if (marker == 0xE0 and body.startswith(b"JFIF\0")) or (
                    marker == 0xEE and body.startswith(b"Adobe")):
                out.append(data[i:end])
        else:
            out.append(data[i:end])
        i = end
    raise ValueError("no end-of-image marker")


def _scan_end(data: bytes, i: int) -> int:
    while True:
        i = data.index(b"\xff", i)
        following = data[i + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte or restart marker
            i += 2
        elif following == 0xFF:
            i += 1
        else:
            return i


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out, i = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while i + 12 <= len(data):
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            raise ValueError("chunk runs past the end")
        if kind in PNG_KEEP:
            out.append(data[i:end])  # copied whole, so its CRC stays valid
        if kind == b"IEND":
            return b"".join(out)
        i = end
    raise ValueError("no IEND chunk")


def _strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    body, i = [], 12
    end_of_riff = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while i + 8 <= end_of_riff:
        kind = data[i:i + 4]
        size = int.from_bytes(data[i + 4:i + 8], "little")
        end = i + 8 + size + (size & 1)
        if i + 8 + size > len(data):
            raise ValueError("chunk runs past the end")
        chunk = data[i:end].ljust(end - i, b"\0")  # a last odd chunk may lack its pad byte
        if kind == b"VP8X":
            chunk = chunk[:8] + bytes([chunk[8] & ~WEBP_METADATA_FLAGS]) + chunk[9:]
        if kind in WEBP_KEEP:
            body.append(chunk)
        i = end
    payload = b"WEBP" + b"".join(body)
    return b"RIFF" + len(payload).to_bytes(4, "little") + payload


def _strip_gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF")
    i = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    out = [data[:i]]
    while True:
        block = data[i]
        if block == 0x3B:  # trailer: whatever follows is dropped too
            out.append(b"\x3b")
            return b"".join(out)
        start = i
        if block == 0x2C:  # an image: descriptor, local colour table, LZW data
            flags = data[i + 9]
            i += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            i = _skip_sub_blocks(data, i)
            out.append(data[start:i])
        elif block == 0x21:
            label = data[i + 1]
            i = _skip_sub_blocks(data, i + 2)
            # Graphic control (delays, transparency) and loop counts stay; comments, plain text
            # and other application extensions (XMP, ICC) go.
            if label == 0xF9 or (label == 0xFF and data[start + 2] == 11
                                 and data[start + 3:start + 14] in GIF_LOOP_EXTENSIONS):
                out.append(data[start:i])
        else:
            raise ValueError("unknown GIF block")


def _skip_sub_blocks(data: bytes, i: int) -> int:
    while True:
        size = data[i]
        i += 1
        if size == 0:
            return i
        i += size
        if i > len(data):
            raise ValueError("sub-block runs past the end")
