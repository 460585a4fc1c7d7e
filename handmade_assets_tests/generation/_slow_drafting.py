"""Run by test_drafting.py in a subprocess that the test kills mid-generation."""

import sys
import time

from handmade_assets.generation.drafting import DraftCache, write_drafts
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING
from handmade_assets.taxonomy import LOCALES, PERSONA_KEYS


class SlowGenerator:
    model_id = "local/composer-v1"

    def generate(self, *args, **kwargs):
        time.sleep(0.03)
        return LocalComposerGenerator().generate(*args, **kwargs)


write_drafts(FACTS_BY_LISTING, {}, SlowGenerator(), PERSONA_KEYS, LOCALES,
             cache=DraftCache(LocalObjectStore(root=sys.argv[1])))
