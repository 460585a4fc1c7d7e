"""Photos reach a model without metadata: no EXIF (GPS, artist, e-mail), XMP, comments or PNG
text chunks survive `prepare_image`, while the pixels stay the same."""

import io

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from handmade_assets.drafts import ImageInput
from handmade_assets.services.generator import prepare_image
from handmade_assets.services.photo_metadata import strip_metadata

PLANTED = [b"Maria Rossi", b"maria.rossi@example.com", b"+39 333 123 4567", b"PLANTED-DATUM",
           b"Via Roma 12", b"XMP-SECRET", b"TRAILING-SECRET", b"GIF-COMMENT-SECRET"]


def _pixels(size=(64, 48)) -> Image.Image:
    rng = np.random.default_rng(7)
    return Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8))


def _exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = "Maria Rossi"  # Artist
    exif[0x010E] = "Write to maria.rossi@example.com"  # ImageDescription
    exif[0x8298] = "+39 333 123 4567"  # Copyright
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (45.0, 27.0, 51.0), 3: "E", 4: (9.0, 11.0, 24.0),
                    18: "PLANTED-DATUM"}  # GPS: Milan, and a datum string to look for
    return exif


def _jpeg_with_metadata(size=(64, 48), orientation=1) -> bytes:
    buffer = io.BytesIO()
    _pixels(size).save(buffer, format="JPEG", quality=90, exif=_exif(orientation),
                       comment=b"Via Roma 12")
    data = buffer.getvalue()
    xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>XMP-SECRET</x:xmpmeta>"
    app1 = b"\xff\xe1" + (len(xmp) + 2).to_bytes(2, "big") + xmp
    return data[:2] + app1 + data[2:] + b"TRAILING-SECRET"


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Maria Rossi")
    info.add_text("Comment", "call +39 333 123 4567", zip=True)
    info.add_itxt("Contact", "maria.rossi@example.com", lang="it", tkey="Contatto")
    buffer = io.BytesIO()
    _pixels().save(buffer, format="PNG", pnginfo=info, exif=_exif())
    return buffer.getvalue()


def _decoded(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("RGB"))


def _assert_clean(data: bytes):
    for planted in PLANTED:
        assert planted not in data and planted.lower() not in data.lower()
    assert b"Exif\0\0" not in data and b"eXIf" not in data
    with Image.open(io.BytesIO(data)) as img:
        assert not img.getexif() and not img.getexif().get_ifd(0x8825)
        assert not {"exif", "comment", "xmp", "Author", "Comment", "Contact"} & set(img.info)


def test_jpeg_exif_gps_artist_xmp_comment_and_trailing_bytes_are_stripped_pixels_kept():
    original = _jpeg_with_metadata()
    assert all(planted in original for planted in PLANTED[:-1])  # the fixture carries them
    prepared = prepare_image(ImageInput("jpeg", original))
    assert prepared.format == "jpeg"
    _assert_clean(prepared.data)
    assert np.array_equal(_decoded(prepared.data), _decoded(original))


def test_png_text_chunks_and_exif_are_stripped_pixels_kept():
    original = _png_with_text()
    assert b"tEXt" in original and b"zTXt" in original and b"iTXt" in original
    prepared = prepare_image(ImageInput("png", original))
    _assert_clean(prepared.data)
    assert b"tEXt" not in prepared.data and b"zTXt" not in prepared.data
    assert b"iTXt" not in prepared.data
    assert np.array_equal(_decoded(prepared.data), _decoded(original))


def test_a_large_photo_is_downscaled_without_its_metadata():
    prepared = prepare_image(ImageInput("jpeg", _jpeg_with_metadata(size=(2400, 1800))))
    _assert_clean(prepared.data)
    with Image.open(io.BytesIO(prepared.data)) as img:
        assert img.size == (1568, 1176)


def test_exif_orientation_is_applied_to_the_pixels_before_it_is_dropped():
    prepared = prepare_image(ImageInput("jpeg", _jpeg_with_metadata(size=(64, 48), orientation=6)))
    _assert_clean(prepared.data)
    with Image.open(io.BytesIO(prepared.data)) as img:
        assert img.size == (48, 64)  # rotated upright, as a viewer showed it


def test_an_icc_profile_is_converted_to_srgb_and_dropped():
    from PIL import ImageCms

    buffer = io.BytesIO()
    _pixels().save(buffer, format="PNG", icc_profile=ImageCms.ImageCmsProfile(
        ImageCms.createProfile("sRGB")).tobytes())
    assert b"iCCP" in buffer.getvalue()
    prepared = prepare_image(ImageInput("png", buffer.getvalue()))
    assert b"iCCP" not in prepared.data
    with Image.open(io.BytesIO(prepared.data)) as img:
        assert "icc_profile" not in img.info and img.size == (64, 48)


def test_webp_exif_and_xmp_chunks_are_stripped():
    buffer = io.BytesIO()
    _pixels().save(buffer, format="WEBP", lossless=True, exif=_exif(),
                   xmp=b"<x:xmpmeta>XMP-SECRET</x:xmpmeta>")
    original = buffer.getvalue()
    assert b"XMP-SECRET" in original and b"Maria Rossi" in original
    prepared = prepare_image(ImageInput("webp", original))
    _assert_clean(prepared.data)
    assert np.array_equal(_decoded(prepared.data), _decoded(original))


def test_gif_comment_is_stripped():
    buffer = io.BytesIO()
    _pixels().convert("P").save(buffer, format="GIF", comment=b"GIF-COMMENT-SECRET Maria Rossi")
    original = buffer.getvalue()
    assert b"GIF-COMMENT-SECRET" in original
    prepared = prepare_image(ImageInput("gif", original))
    _assert_clean(prepared.data)
    assert np.array_equal(_decoded(prepared.data), _decoded(original))


@pytest.mark.parametrize("fmt", ["jpeg", "png", "webp", "gif"])
def test_bytes_after_the_image_end_are_dropped(fmt):
    buffer = io.BytesIO()
    _pixels().convert("P" if fmt == "gif" else "RGB").save(buffer, format=fmt.upper())
    data = buffer.getvalue()
    stripped = strip_metadata(data + b"TRAILING-SECRET", fmt)
    assert b"TRAILING-SECRET" not in stripped
    assert np.array_equal(_decoded(stripped), _decoded(data))


def test_a_container_the_walker_cannot_follow_is_reencoded_from_its_pixels():
    buffer = io.BytesIO()
    _pixels().save(buffer, format="JPEG", quality=95)
    data = buffer.getvalue()
    # Junk between two segments: decoders skip it, the segment walker stops there.
    junk = b"\x00Maria Rossi\x00"
    at = 2 + 2 + int.from_bytes(data[4:6], "big")  # after SOI and APP0
    broken = data[:at] + junk + data[at:]
    assert _decoded(broken).shape == _decoded(data).shape
    stripped = strip_metadata(broken, "jpeg")
    assert b"Maria Rossi" not in stripped
    assert np.abs(_decoded(stripped).astype(int) - _decoded(data).astype(int)).mean() < 8
