"""Photos reach the model on the first attempt and on the retry, and new photos mean new drafts."""

import pandas as pd

from handmade_assets.generation.assets import photo_loader
from handmade_assets.generation.drafting import DraftCache, retry_failed_gates, write_drafts
from handmade_assets.drafts import ImageInput
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING

LISTING = next(iter(FACTS_BY_LISTING))


class PhotoRecordingGenerator:
    model_id = "local/composer-v1"
    max_concurrent_calls = 1

    def __init__(self):
        self.photos: list[tuple[str, tuple[bytes, ...]]] = []

    def generate(self, facts, persona, locale, context, images=(), feedback=()):
        self.photos.append((facts.listing_id, tuple(image.data for image in images)))
        return LocalComposerGenerator().generate(facts, persona, locale, context, images, feedback)


def _landing_zone(tmp_path, photo: bytes) -> tuple[LocalObjectStore, pd.DataFrame]:
    store = LocalObjectStore(root=str(tmp_path / "landing"))
    store.put_bytes(f"uploads/{LISTING}/front.jpg", photo)
    store.put_bytes(f"uploads/{LISTING}/side.PNG", b"second photo")
    listings = pd.DataFrame({"listing_id": [LISTING],
                             "photo_keys": [[f"uploads/{LISTING}/front.jpg",
                                             f"uploads/{LISTING}/side.PNG"]]})
    return store, listings


def test_photo_loader_reads_a_listings_photos_in_order(tmp_path):
    store, listings = _landing_zone(tmp_path, b"first photo")
    load = photo_loader(listings, store)
    assert load(LISTING) == [ImageInput("jpg", b"first photo"), ImageInput("png", b"second photo")]
    assert load("someone-else") == []


def test_first_attempts_and_retries_both_send_the_listings_photos(tmp_path):
    store, listings = _landing_zone(tmp_path, b"first photo")
    generator = PhotoRecordingGenerator()
    facts = {LISTING: FACTS_BY_LISTING[LISTING]}
    load = photo_loader(listings, store)
    drafts = write_drafts(facts, {}, generator, ["visual_poet"], ["en"], load_images=load)
    retry_failed_gates(drafts, {0: ["too close to a sibling draft"]}, {}, generator,
                       load_images=load)
    assert [photos for _, photos in generator.photos] == [(b"first photo", b"second photo")] * 2


def test_a_replaced_photo_regenerates_the_draft_and_an_unchanged_one_does_not(tmp_path):
    cache = DraftCache(LocalObjectStore(root=str(tmp_path / "artifacts")))
    facts = {LISTING: FACTS_BY_LISTING[LISTING]}
    runs = []
    for photo in (b"first photo", b"first photo", b"a better photo"):
        store, listings = _landing_zone(tmp_path, photo)
        generator = PhotoRecordingGenerator()
        write_drafts(facts, {}, generator, ["visual_poet"], ["en"],
                     load_images=photo_loader(listings, store), cache=cache)
        runs.append(len(generator.photos))
    assert runs == [1, 0, 1]
