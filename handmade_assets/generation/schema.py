"""The generator's input and output types, re-exported from `handmade_assets.drafts`.

They moved there so that `services` can use them without importing `generation`; import them
from `handmade_assets.drafts` in new code.
"""

from handmade_assets.drafts import (  # noqa: F401
    DESCRIPTION_MAX_CHARS,
    DESCRIPTION_MIN_CHARS,
    META_DESCRIPTION_MAX,
    META_TITLE_MAX,
    TITLE_MAX,
    DraftContent,
    ListingFacts,
    RetrievedExample,
)
