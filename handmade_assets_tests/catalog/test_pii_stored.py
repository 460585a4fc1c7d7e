"""Personal data planted in uploads and reviews reaches no stored frame, metadata or log line.

The catalog assets and customer_reviews run for real (materialize on an ephemeral instance) over
a landing zone holding uploads with names, addresses, IBANs, phones and e-mails in the title,
description, tags, materials and photo file names, in five languages, and reviews with the same.
Photos leave the landing zone under names the platform chooses, without their metadata.
"""

import io
import json

import dagster as dg
import pytest

from handmade_assets.catalog.assets import raw_uploads, read_upload, split_uploads, validate_uploads
from handmade_assets.catalog.batches import UploadRef, make_batch, write_manifest
from handmade_assets_demo.sample_uploads import SAMPLE_DIR, sample_listings, write_upload
from handmade_assets.reviews.assets import customer_reviews
from handmade_assets.services.object_store import LocalObjectStore

BASE = sample_listings()[0]
PHOTO = (SAMPLE_DIR / BASE["photos"][0]).read_bytes()

# (upload id, fields to override, photo file names, planted strings)
UPLOADS = [
    ("pii-en", {
        "title": "Stoneware mug by Sarah Whitfield",
        "description": "Pickup at 14 Elm Road, Bristol BS1 4DJ. Call 07700 900461 or write to "
                       "sarah.whitfield@outlook.com. Bank transfer: GB29 NWBK 6016 1331 9268 19.",
        "tags": ["sarah_whitfield_pottery", "stoneware mug"],
        "materials": ["clay from Margaret Ellison"],
     }, ["IMG_2291 James Porter.jpg"],
     ["Sarah Whitfield", "Whitfield", "14 Elm Road", "07700 900461", "sarah.whitfield@outlook.com",
      "GB29 NWBK 6016 1331 9268 19", "Margaret Ellison", "Ellison", "James Porter"]),
    ("pii-de", {
        "title": "Keramikschale handgemacht von Monika Schulz",
        "description": "Abholung bei Anna Müller, Lindenstraße 12, 10969 Berlin. Fragen an "
                       "anna.mueller@gmx.de oder 0171 2345678. IBAN DE89 3704 0044 0532 0130 00.",
        "tags": ["keramik sabine krause"],
        "materials": ["Garn von Petra Vogel"],
     }, ["Foto_Stefan_Hoffmann_02.jpg"],
     ["Monika Schulz", "Anna Müller", "Lindenstraße 12", "anna.mueller@gmx.de", "0171 2345678",
      "DE89 3704 0044 0532 0130 00", "sabine krause", "Petra Vogel", "Stefan_Hoffmann", "Hoffmann"]),
    ("pii-fr", {
        "title": "Coussin brodé main - atelier de Léa Girard",
        "description": "Retrait au 8 rue des Lilas, 69003 Lyon. Contact : marie.dupont@orange.fr ou "
                       "06 12 34 56 78. Virement : FR14 2004 1010 0505 0001 3M02 606.",
        "tags": ["création sophie martin"],
        "materials": ["Laine filée par Amélie Fournier"],
     }, ["Bague_Elodie_Bernard_1.jpg"],
     ["Léa Girard", "8 rue des Lilas", "marie.dupont@orange.fr", "06 12 34 56 78",
      "FR14 2004 1010 0505 0001 3M02 606", "sophie martin", "Amélie Fournier", "Elodie_Bernard"]),
    # An e-mail in a photo's file name makes the upload a rejection: its reason names the photo.
    ("pii-es", {
        "title": "Taza artesanal hecha por Sofía Romero",
        "description": "Escríbeme a lucia.fernandez@gmail.com o llámame al 612 345 678.",
        "tags": ["ceramica de elena castro"],
        "materials": ["lana de la granja de Tomás Herrera"],
     }, ["IMG_20240311_carmen.vidal@hotmail.es.jpg"],
     ["Sofía Romero", "lucia.fernandez@gmail.com", "612 345 678", "elena castro", "Tomás Herrera",
      "carmen.vidal@hotmail.es", "carmen.vidal"]),
    ("pii-it", {
        "title": "Orecchini fatti a mano da Elisa Moretti",
        "description": "Ritiro in Via Garibaldi 7, 50123 Firenze, chiamate il 347 123 4567 o "
                       "scrivete a giulia.bianchi@libero.it. IBAN IT60 X054 2811 1010 0000 0123 456.",
        "tags": ["gioielli di federica marino"],
        "materials": ["filato di Valentina Rinaldi"],
     }, ["Anello-Silvia-Barbieri.png"],
     ["Elisa Moretti", "Via Garibaldi 7", "347 123 4567", "giulia.bianchi@libero.it",
      "IT60 X054 2811 1010 0000 0123 456", "federica marino", "Valentina Rinaldi",
      "Silvia-Barbieri", "Barbieri"]),
    # Rejected for its price: the excerpt of its listing.json kept with the rejection leaves the
    # photo file names (a person's name, a made-up one no list holds) out.
    ("pii-price", {"price": -4},
     ["Giulia Conti vaso.jpg", "IMG_0042 Zoltan Wrzesniewski.jpeg"],
     ["Giulia Conti", "Zoltan Wrzesniewski", "Wrzesniewski"]),
]

REVIEWS = [
    ({"review_title": "Gift for my sister", "review_text":
      "My neighbour Linda Carter ordered one too! Write me at k.oconnor77@yahoo.co.uk - Tom Hughes",
      "reviewer_name": "Tom Hughes"},
     ["Linda Carter", "k.oconnor77@yahoo.co.uk", "Tom Hughes", "Hughes"]),
    ({"review_title": "Super", "review_text":
      "Für meine Tochter Lena gekauft. Meine Adresse: Schillerplatz 3, 70173 Stuttgart. Viele Grüße, Katrin Weber",
      "reviewer_name": "K. Weber"},
     ["Lena", "Schillerplatz 3", "Katrin Weber"]),
    ({"review_title": "Très beau", "review_text":
      "Offert à ma fille Chloé. Contactez-moi au 07 81 22 43 90 si besoin, Hélène",
      "reviewer_name": "helene_r"},
     ["Chloé", "07 81 22 43 90", "Hélène"]),
    ({"review_title": "Me encanta", "review_text":
      "Me llamo Pablo Navarro y es mi segunda compra. Mi teléfono: +34 699 12 34 56.",
      "reviewer_name": "pablo.n"},
     ["Pablo Navarro", "+34 699 12 34 56"]),
    ({"review_title": "Bellissimo", "review_text":
      "Regalo per mia nonna Giuseppina! Rimborso su IT71 Z030 6909 6061 0000 0067 890. Grazie mille, Francesca Ricci",
      "reviewer_name": "Francesca R."},
     ["Giuseppina", "IT71 Z030 6909 6061 0000 0067 890", "Francesca Ricci"]),
]


def _everything(*frames_and_values) -> str:
    return "\n".join(
        v.to_json(orient="records", force_ascii=False) if hasattr(v, "to_json")
        else json.dumps(v, ensure_ascii=False, default=str)
        for v in frames_and_values
    )


def _metadata(result) -> list[dict[str, str]]:
    return [{key: str(value.value) for key, value in event.materialization.metadata.items()}
            for event in result.get_asset_materialization_events()]


def _log_text(instance, run_id) -> str:
    return "\n".join(str(record.user_message) + str(record.dagster_event or "")
                     for record in instance.all_logs(run_id))


@pytest.fixture
def landing(tmp_path):
    return LocalObjectStore(root=str(tmp_path / "landing"))


def test_no_planted_string_reaches_listings_rejections_metadata_or_logs(landing, tmp_path):
    refs = []
    for upload_id, fields, photos, _planted in UPLOADS:
        document = {**BASE, **fields, "listing_id": upload_id, "photos": photos}
        key = write_upload(landing, upload_id, json.dumps(document).encode(),
                           {name: PHOTO for name in photos})
        info = next(o for o in landing.list_objects("uploads/") if o.key == key)
        refs.append(UploadRef(upload_id=upload_id, metadata_key=key, etag=info.etag,
                              last_modified=info.last_modified))
    artifacts = LocalObjectStore(root=str(tmp_path / "artifacts"))
    batch = make_batch(refs)
    write_manifest(artifacts, batch)

    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("upload_batches", [batch.batch_id])
        result = dg.materialize([raw_uploads, validate_uploads], partition_key=batch.batch_id,
                                resources={"landing_zone": landing, "artifact_store": artifacts},
                                instance=instance)
        assert result.success
        listings = result.output_for_node("validate_uploads", "listings")
        rejected = result.output_for_node("validate_uploads", "rejected_uploads")
        metadata = _metadata(result)
        logs = _log_text(instance, result.run_id)

    assert sorted(listings["listing_id"]) == ["pii-de", "pii-en", "pii-fr", "pii-it"]
    # The e-mail in a photo's file name, and the price.
    assert sorted(rejected["listing_id"]) == ["pii-es", "pii-price"]
    stored = _everything(listings, rejected, metadata)
    # Everything the run wrote outside the landing zone: the manifest and the photos' copies,
    # by name and by content.
    written = "\n".join(f"{path.relative_to(tmp_path).as_posix()}\n{path.read_bytes().decode('latin-1')}"
                        for path in sorted((tmp_path / "artifacts").rglob("*")) if path.is_file())
    for *_ignored, planted in UPLOADS:
        for text in planted:
            for form in {text, text.replace(" ", "-"), text.replace(" ", "_"), text.replace("_", " ")}:
                assert form not in stored, form
                assert form not in logs, form
                assert form not in written, form
    assert all(listings["pii_removed"] >= 5)


def test_a_listings_photos_leave_the_landing_zone_under_neutral_names_without_metadata(landing, tmp_path):
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Jane Doe"  # Artist
    exif[0x0112] = 6  # shown turned a quarter: the copy's pixels are turned instead
    with Image.open(SAMPLE_DIR / BASE["photos"][0]) as img:
        width, height = img.size
        buffer = io.BytesIO()
        img.save(buffer, format="JPEG", exif=exif)
    photos = {"jane-doe-kitchen.jpg": buffer.getvalue(), "Jane Doe 2.PNG": _png(PHOTO)}
    document = {**BASE, "listing_id": "neutral-01", "photos": list(photos)}
    key = write_upload(landing, "neutral-01", json.dumps(document).encode(), photos)
    artifacts = LocalObjectStore(root=str(tmp_path / "artifacts"))

    ([listing], []) = split_uploads([read_upload(landing, "neutral-01", key, "etag")], landing, artifacts)

    assert [k.rsplit("-", 1)[0] for k in listing.photo_keys] == [
        "photos/neutral-01/photo-01", "photos/neutral-01/photo-02"]
    assert [k.rsplit(".", 1)[1] for k in listing.photo_keys] == ["jpg", "png"]
    row = listing.model_dump_json().casefold()
    assert "jane" not in row and "doe" not in row and "kitchen" not in row
    first, second = (artifacts.get_bytes(k) for k in listing.photo_keys)
    with Image.open(io.BytesIO(first)) as copy:
        assert not copy.getexif() and copy.size == (height, width)
    assert b"Jane Doe" not in first and b"Exif" not in first
    with Image.open(io.BytesIO(second)) as copy:
        assert copy.format == "PNG" and not getattr(copy, "text", None)
    # Nothing else was written: no copy keeps the seller's file name.
    assert sorted(p.relative_to(tmp_path / "artifacts").as_posix()
                  for p in (tmp_path / "artifacts").rglob("*") if p.is_file()) == sorted(listing.photo_keys)


def _png(jpeg: bytes) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe")
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(jpeg)) as img:
        img.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def test_no_planted_string_reaches_the_stored_reviews(landing):
    lines = [json.dumps({"review_id": f"r{i}", "listing_id": "saba-01", "rating": 5,
                         "created_at": "2026-11-01", **review}, ensure_ascii=False)
             for i, (review, _planted) in enumerate(REVIEWS)]
    landing.put_bytes("reviews/planted.jsonl", "\n".join(lines).encode())
    with dg.instance_for_test() as instance:
        result = dg.materialize([customer_reviews], resources={"landing_zone": landing},
                                instance=instance)
        assert result.success
        reviews = result.output_for_node("customer_reviews")
        logs = _log_text(instance, result.run_id)
    stored = _everything(reviews, _metadata(result))
    assert len(reviews) == len(REVIEWS) and "reviewer_name" not in reviews
    for _review, planted in REVIEWS:
        for text in planted:
            assert text not in stored, text
            assert text not in logs, text
