"""Synthetic shopper reviews for the embedded default, shaped like real Amazon Handmade reviews.

Calibrated once on /work/shared/data/amazon_handmade_reviews/handmade_reviews_2000.csv (2,000
reviews; read with pandas, `rating.value_counts(normalize=True)` and the character length of
`clean_review_text`); the figures are hard-coded below and the file is never read at run time.
Each listing gets its own random stream (seed + listing id), so a listing's reviews do not change
when other listings are added or a partition is re-run.
"""

from __future__ import annotations

import math
import random
import re
from datetime import UTC, datetime

import pandas as pd

from handmade_assets.taxonomy import CATEGORIES

REVIEW_COLUMNS: tuple[str, ...] = (
    "review_id",
    "listing_id",
    "reviewer_name",
    "rating",
    "review_title",
    "review_text",
    "created_at",
)

# Measured share of 1..5 stars: 4.50 %, 2.75 %, 5.70 %, 8.95 %, 78.10 %.
RATING_SHARES: dict[int, float] = {1: 0.045, 2: 0.0275, 3: 0.057, 4: 0.0895, 5: 0.781}
# Measured review length in characters: min 20, p10 40, median 117, p90 368, p99 860, max 2388;
# log-length has mean 4.78 and standard deviation 0.84 (close to log-normal).
TEXT_LOG_MEAN, TEXT_LOG_SD = 4.78, 0.84
TEXT_MIN_CHARS, TEXT_MAX_CHARS = 20, 2400
PII_SHARE = 0.10  # reviews that carry an e-mail, a phone number or the reviewer's own name

# How likely one sentence of a review is praise, by star rating.
_PRAISE_PROBABILITY: dict[int, float] = {1: 0.08, 2: 0.2, 3: 0.5, 4: 0.8, 5: 0.95}
_CONTEXT_SENTENCE_SHARE = 0.25

DEFAULT_START = datetime(2023, 1, 1, tzinfo=UTC)
DEFAULT_END = datetime(2025, 11, 1, tzinfo=UTC)

# What shoppers call the thing, keyed by a word the listing title may contain; the first entry is
# the category's fallback. Singular nouns only, so every template reads "it".
_NOUNS: dict[str, dict[str, str]] = {
    "ceramics": {
        "piece": "piece",
        "mug": "mug",
        "bowl": "bowl",
        "vase": "vase",
        "plate": "plate",
        "planter": "planter",
        "cup": "cup",
        "teapot": "teapot",
    },
    "jewelry": {
        "piece": "piece",
        "necklace": "necklace",
        "earring": "pair of earrings",
        "ring": "ring",
        "bracelet": "bracelet",
        "pendant": "pendant",
        "anklet": "anklet",
    },
    "textiles": {
        "piece": "piece",
        "scarf": "scarf",
        "blanket": "blanket",
        "pillow": "pillow cover",
        "tote": "tote bag",
        "runner": "table runner",
        "throw": "throw",
        "beanie": "beanie",
    },
    "woodwork": {
        "piece": "piece",
        "board": "cutting board",
        "bowl": "bowl",
        "spoon": "spoon",
        "box": "box",
        "shelf": "shelf",
        "coaster": "coaster set",
        "frame": "frame",
    },
    "candles": {"candle": "candle", "melt": "set of wax melts", "holder": "candle holder"},
    "leather": {
        "piece": "piece",
        "wallet": "wallet",
        "belt": "belt",
        "bag": "bag",
        "holder": "card holder",
        "journal": "journal cover",
        "key": "key fob",
    },
    "glass": {
        "piece": "piece",
        "vase": "vase",
        "suncatcher": "suncatcher",
        "ornament": "ornament",
        "bowl": "bowl",
        "tumbler": "tumbler",
        "pendant": "pendant",
    },
    "paper": {
        "piece": "piece",
        "card": "card",
        "print": "print",
        "notebook": "notebook",
        "journal": "journal",
        "poster": "poster",
        "invitation": "invitation set",
    },
}
_MATERIAL_WORDS: dict[str, tuple[str, ...]] = {
    "ceramics": ("stoneware", "clay", "glaze"),
    "jewelry": ("sterling silver", "gold fill", "stone"),
    "textiles": ("wool", "cotton", "linen"),
    "woodwork": ("walnut", "wood", "maple"),
    "candles": ("soy wax", "scent", "wax"),
    "leather": ("leather",),
    "glass": ("glass",),
    "paper": ("paper", "cardstock"),
}
_COLOURS = ("blue", "green", "cream", "black", "rose", "grey", "teal", "amber", "white", "red")
_WEARABLE = frozenset({"jewelry", "textiles", "leather"})

# Sentences per aspect and polarity. {noun}, {material} and {colour} are filled per review.
_PHRASES: dict[str, dict[int, tuple[str, ...]]] = {
    "material": {
        1: (
            "The {material} feels lovely, you can tell it is good material.",
            "The {material} is really nice quality.",
            "Love the feel of the {material}.",
        ),
        -1: (
            "The {material} feels thin and cheap.",
            "The {material} looks like plastic.",
            "Not happy with the {material}, it is not what I expected.",
        ),
    },
    "finish": {
        1: (
            "The finish is smooth and even.",
            "Beautiful finish, no rough spots at all.",
            "The surface is so smooth.",
        ),
        -1: (
            "There are rough edges on one side.",
            "The finish is rough in a few places.",
            "There were scratches on the surface when it came.",
        ),
    },
    "colour_accuracy": {
        1: (
            "The {colour} is exactly as pictured.",
            "Looks just like the photos.",
            "The color is true to the picture, a lovely {colour}.",
            "Colors are vibrant.",
        ),
        -1: (
            "The color is off, much darker than the pictures.",
            "It was not as pictured.",
            "The {colour} looks nothing like the photo.",
            "Wrong color, I ordered {colour}.",
        ),
    },
    "packaging": {
        1: (
            "It came beautifully packaged in a little box.",
            "Well packaged, it arrived safely.",
            "Carefully wrapped in tissue paper, like opening a present.",
            "Cute packaging with a handwritten note.",
        ),
        -1: (
            "It arrived broken because it was poorly packaged.",
            "The box was crushed.",
            "Poorly packed, just thrown in an envelope.",
        ),
    },
    "gift_worthiness": {
        1: (
            "I bought it as a birthday gift and she loved it.",
            "Makes a great gift.",
            "Perfect gift for my sister.",
            "Gave it to my mom for Christmas, it was a hit.",
            "A perfect gift for anyone who loves handmade things.",
        ),
        -1: (
            "I was embarrassed to give it as a gift.",
            "Would not give this as a gift.",
            "It was meant as a present but I could not give it.",
        ),
    },
    "craftsmanship": {
        1: (
            "Very well made.",
            "You can tell it was made with attention to detail.",
            "Beautifully crafted, the maker is really talented.",
            "Great quality work.",
            "High quality and so much nicer than store bought.",
        ),
        -1: (
            "Poorly made, the details are sloppy.",
            "It looks cheaply made.",
            "Low quality for a handmade item.",
            "There are visible glue marks and flaws.",
        ),
    },
    "value": {
        1: (
            "Worth every penny.",
            "Great value for a handmade {noun}.",
            "Reasonably priced.",
            "Good price for the quality.",
        ),
        -1: (
            "Overpriced for what you get.",
            "Not worth the money.",
            "Way too expensive for the size.",
        ),
    },
    "shipping": {
        1: (
            "Shipped quickly.",
            "It arrived early.",
            "Fast shipping, arrived in three days.",
            "Came quickly and well protected.",
        ),
        -1: (
            "Shipping took forever.",
            "It arrived late, two weeks after the date given.",
            "Slow shipping and no updates.",
        ),
    },
    "durability": {
        1: ("Very sturdy.", "It has held up well after months of daily use.", "Solid and durable."),
        -1: (
            "It broke within a week.",
            "Flimsy, it fell apart quickly.",
            "It cracked after a few uses.",
        ),
    },
    "size_fit": {
        1: ("The perfect size.", "Just the right size for my shelf.", "Good size, not too big."),
        -1: (
            "Much smaller than expected.",
            "Too big for the space I had in mind.",
            "Smaller than it looks in the photos.",
        ),
    },
}
# Where a category needs its own wording ("a mug is not comfortable to wear").
_CATEGORY_PHRASES: dict[str, dict[str, dict[int, tuple[str, ...]]]] = {
    "ceramics": {
        "durability": {
            1: ("Thick walls, very sturdy.", "Still looks new after months of use."),
            -1: ("It cracked in the microwave.", "The glaze chipped after a week."),
        },
        "finish": {
            1: ("The glaze is glossy and smooth.", "Beautiful glaze, smooth all over."),
            -1: ("The glaze has drips and bubbles.", "Rough unglazed spot on the rim."),
        },
    },
    "jewelry": {
        "size_fit": {
            1: (
                "Fits perfectly.",
                "True to size and comfortable to wear all day.",
                "The chain length is adjustable, which is nice.",
            ),
            -1: (
                "Runs small, I had to send it back for a bigger size.",
                "Too tight, it runs small.",
                "Too heavy to wear all day.",
            ),
        },
        "durability": {
            1: ("Has not tarnished after months of wearing it.", "Sturdy clasp."),
            -1: (
                "It tarnished within a week.",
                "The clasp broke the second day.",
                "A stone fell off after a few wears.",
            ),
        },
        "material": {
            1: ("Hypoallergenic, no irritation at all.", "Real {material}, good weight."),
            -1: ("Turned my skin green.", "Gave me an allergic reaction."),
        },
    },
    "textiles": {
        "size_fit": {
            1: ("Generous size and very comfortable.", "The perfect size."),
            -1: ("Smaller than expected once washed.", "Much smaller than it looked."),
        },
        "material": {
            1: ("So soft and warm.", "The {material} is super soft."),
            -1: ("The {material} is itchy.", "Scratchy and thin fabric."),
        },
        "durability": {
            1: ("Washed it several times and it held up.", "Durable and well sewn."),
            -1: ("It started fraying after one wash.", "The seams ripped quickly."),
        },
    },
    "woodwork": {
        "finish": {
            1: ("Smooth and nicely finished with oil.", "Sanded perfectly smooth."),
            -1: ("Rough edges and a splinter.", "The finish is sticky."),
        },
        "durability": {
            1: ("Solid and heavy, it will last years.", "Sturdy and well built."),
            -1: ("It warped after washing.", "The joint cracked."),
        },
    },
    "candles": {
        "material": {
            1: ("The scent is lovely and fills the room.", "Smells amazing."),
            -1: ("Weak scent, I can barely smell it.", "Unpleasant smell, too artificial."),
        },
        "durability": {
            1: ("Burns evenly and cleanly.", "Long lasting, burned for hours."),
            -1: ("It tunneled after the first burn.", "The wick stopped working."),
        },
        "size_fit": {
            1: ("Good size for the price.", "Nice size for a nightstand."),
            -1: ("Smaller than expected.", "Much smaller than it looks."),
        },
    },
    "leather": {
        "size_fit": {
            1: ("The perfect size for everyday use.", "Good size, not bulky."),
            -1: ("Smaller than expected.", "Too bulky, bigger than expected."),
        },
        "material": {
            1: ("Real leather, soft and thick.", "Genuine leather that smells great."),
            -1: ("Feels like fake leather.", "The leather is thin and plasticky."),
        },
        "durability": {
            1: ("Sturdy stitching, it has held up for a year.", "Durable and solid."),
            -1: ("The stitching came apart in a month.", "The strap ripped."),
        },
    },
    "glass": {
        "durability": {
            1: ("Thick glass, very sturdy.", "Solid and heavy."),
            -1: ("Fragile, it chipped right away.", "It cracked on the windowsill."),
        },
        "finish": {
            1: ("The glass is smooth and clear.", "Polished edges, no sharp bits."),
            -1: ("Sharp edges, be careful.", "Bubbles and scratches in the glass."),
        },
    },
    "paper": {
        "finish": {
            1: ("The print is crisp and sharp.", "Clean lines and a crisp print."),
            -1: ("The print is blurry.", "Smudged ink on the corner."),
        },
        "material": {
            1: ("Heavy, good quality paper.", "Thick cardstock, feels premium."),
            -1: ("The paper is thin and cheap.", "Flimsy paper."),
        },
    },
}
# Measured aspect mention frequencies in the real reviews (via extract_attributes): size, craft,
# gift and material come up about twice as often as packaging or shipping.
_ASPECT_WEIGHTS: dict[str, float] = {
    "size_fit": 2.5,
    "craftsmanship": 2.5,
    "gift_worthiness": 2.2,
    "material": 2.1,
    "value": 1.0,
    "finish": 1.0,
    "durability": 1.0,
    "colour_accuracy": 1.0,
    "packaging": 0.8,
    "shipping": 0.8,
}
_OPENINGS: dict[int, tuple[str, ...]] = {
    1: (
        "Love it!",
        "Absolutely beautiful {noun}.",
        "Even prettier in person.",
        "So happy with it.",
        "Gorgeous work.",
        "This {noun} is just lovely.",
        "Really pleased with this {noun}.",
    ),
    -1: (
        "Really disappointed.",
        "Not what I expected.",
        "I wanted to love this {noun}.",
        "Sadly I am returning it.",
        "Unfortunately this did not work out.",
    ),
    0: ("It's okay.", "Mixed feelings about this one.", "Nice enough."),
}
_CONTEXT_SENTENCES = (
    "I ordered it in {colour}.",
    "This is my second order from this shop.",
    "I use it every day.",
    "I have bought from this maker before.",
    "It sits on my desk at work.",
    "Ordered it after seeing one at a friend's house.",
    "I had been looking for a handmade {noun} for a while.",
    "It took about a week to arrive.",
)
_TITLES: dict[int, tuple[str, ...]] = {
    5: (
        "Five Stars",
        "Beautiful!",
        "Love it",
        "Perfect",
        "Gorgeous",
        "Great gift",
        "Exactly as pictured",
        "Beautiful {noun}",
        "So pretty",
        "Love it!",
    ),
    4: ("Four Stars", "Very nice", "Pretty, but small", "Good quality", "Nice {noun}"),
    3: ("Three Stars", "It's okay", "Nice but not perfect", "Mixed feelings"),
    2: ("Two Stars", "Disappointed", "Not as pictured", "Smaller than expected"),
    1: ("One Star", "Very disappointed", "Broke after a week", "Do not buy", "Poor quality"),
}

_FIRST_NAMES = (
    "Sarah",
    "Emily",
    "Jessica",
    "Maria",
    "Linda",
    "Karen",
    "Ashley",
    "Megan",
    "Laura",
    "Rachel",
    "Hannah",
    "Olivia",
    "Grace",
    "Chloe",
    "Nicole",
    "Amanda",
    "Julia",
    "Diane",
    "Teresa",
    "Paula",
    "Michael",
    "David",
    "James",
    "Robert",
    "Daniel",
    "Kevin",
    "Brian",
    "Jason",
    "Mark",
    "Thomas",
)
_LAST_NAMES = (
    "Smith",
    "Johnson",
    "Miller",
    "Garcia",
    "Brown",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Anderson",
    "Martin",
    "Lee",
    "Walker",
    "Young",
    "King",
    "Wright",
    "Lopez",
    "Hill",
    "Scott",
)
_EMAIL_TLDS = ("com", "net", "org")  # example.com/.net/.org are reserved for examples
_RELATIVES = ("daughter", "son", "niece", "sister", "friend", "husband", "wife")
_SIGN_OFFS = ("Thanks, {first}!", "- {first} {initial}.", "Thank you! {first}", "Love, {first}")
_EMAIL_SENTENCES = (
    "If the seller wants photos of it in use, email me at {email}.",
    "Happy to send more pictures: {email}",
    "Would love a custom one, please contact me at {email}.",
)
_PHONE_SENTENCES = (
    "Seller, please call me at {phone} about a matching set.",
    "Text me at {phone} if you make these in other colours.",
)
_OWN_NAME_SENTENCES = ("My name is {first} {last} and I will be back for more.",)
_RELATIVE_SENTENCES = ("My {relative} {other} uses it every day.",)


def generate_reviews(
    listings: pd.DataFrame,
    seed: int,
    per_listing: tuple[int, int] = (0, 6),
    *,
    start: datetime = DEFAULT_START,
    end: datetime = DEFAULT_END,
) -> pd.DataFrame:
    """Between per_listing[0] and per_listing[1] (inclusive) reviews for every listing."""
    low, high = per_listing
    if not 0 <= low <= high:
        raise ValueError(f"per_listing must be 0 <= low <= high, got {per_listing}")
    unknown = set(listings["category"]) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories: {sorted(unknown)}")
    span_seconds = (end - start).total_seconds()

    rows = []
    for listing_id, category, title in listings[["listing_id", "category", "title"]].itertuples(
        index=False
    ):
        rng = random.Random(f"{seed}:{listing_id}")
        noun = _noun_for(category, title)
        for k in range(1, rng.randint(low, high) + 1):
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            rating = rng.choices(list(RATING_SHARES), weights=list(RATING_SHARES.values()))[0]
            slots = {
                "noun": noun,
                "colour": rng.choice(_COLOURS),
                "material": rng.choice(_MATERIAL_WORDS[category]),
            }
            text = _compose_text(rng, category, rating, slots)
            if rng.random() < PII_SHARE:
                text = _add_personal_data(rng, text, first, last)
            rows.append(
                {
                    "review_id": f"{listing_id}-r{k:02d}",
                    "listing_id": listing_id,
                    "reviewer_name": _display_name(rng, first, last),
                    "rating": float(rating),
                    "review_title": rng.choice(_TITLES[rating]).format(**slots),
                    "review_text": text,
                    "created_at": int(start.timestamp() + rng.random() * span_seconds),
                }
            )
    reviews = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    text_columns = ["review_id", "listing_id", "reviewer_name", "review_title", "review_text"]
    # Same dtypes whether or not any listing drew a review.
    reviews[text_columns] = reviews[text_columns].astype("str")
    reviews["rating"] = reviews["rating"].astype(float)
    created_at = pd.to_datetime(reviews["created_at"].astype("int64"), unit="s", utc=True)
    reviews["created_at"] = created_at.astype("datetime64[us, UTC]")
    return reviews


def _noun_for(category: str, title: str) -> str:
    nouns = _NOUNS[category]
    words = re.findall(r"[a-z]+", str(title).lower())
    for keyword, noun in nouns.items():
        if any(word.startswith(keyword) for word in words):
            return noun
    return next(iter(nouns.values()))


def _compose_text(rng: random.Random, category: str, rating: int, slots: dict[str, str]) -> str:
    target_chars = min(
        TEXT_MAX_CHARS, max(TEXT_MIN_CHARS, math.exp(rng.gauss(TEXT_LOG_MEAN, TEXT_LOG_SD)))
    )
    tone = 0 if rating == 3 else 1 if rating >= 4 else -1
    sentences = [rng.choice(_OPENINGS[tone])]
    # One opinion per aspect and review: a review that calls it flimsy does not also call it sturdy.
    opinions: dict[str, int] = {}
    aspects, weights = list(_ASPECT_WEIGHTS), list(_ASPECT_WEIGHTS.values())
    for _ in range(60):
        if _length(sentences) >= target_chars:
            break
        if rng.random() < _CONTEXT_SENTENCE_SHARE:
            sentence = rng.choice(_CONTEXT_SENTENCES)
        else:
            aspect = rng.choices(aspects, weights=weights)[0]
            if aspect not in opinions:
                opinions[aspect] = 1 if rng.random() < _PRAISE_PROBABILITY[rating] else -1
            bank = _CATEGORY_PHRASES.get(category, {}).get(aspect, _PHRASES[aspect])
            sentence = rng.choice(bank[opinions[aspect]])
        if sentence not in sentences:
            sentences.append(sentence)
    # Stop at whichever sentence boundary lies closer to the drawn length.
    if len(sentences) > 1 and _length(sentences) - target_chars > target_chars - _length(
        sentences[:-1]
    ):
        sentences.pop()
    return " ".join(sentences).format(**slots)


def _length(sentences: list[str]) -> int:
    return sum(len(s) + 1 for s in sentences) - 1


def _add_personal_data(rng: random.Random, text: str, first: str, last: str) -> str:
    kind = rng.choices(
        ("email", "phone", "sign_off", "own_name", "relative"), weights=(0.3, 0.25, 0.3, 0.05, 0.1)
    )[0]
    if kind == "sign_off":
        return f"{text}\n{rng.choice(_SIGN_OFFS).format(first=first, initial=last[0])}"
    values = {
        "email": f"{first}.{last}{rng.randint(1, 99)}@example.{rng.choice(_EMAIL_TLDS)}".lower(),
        # Fictional ranges: NANP 555-0100..0199 and Ofcom's drama range 020 7946 0xxx.
        "phone": rng.choice(
            (
                f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}",
                f"+44 20 7946 0{rng.randint(0, 999):03d}",
            )
        ),
        "first": first,
        "last": last,
        "relative": rng.choice(_RELATIVES),
        "other": rng.choice(_FIRST_NAMES),
    }
    bank = {
        "email": _EMAIL_SENTENCES,
        "phone": _PHONE_SENTENCES,
        "own_name": _OWN_NAME_SENTENCES,
        "relative": _RELATIVE_SENTENCES,
    }[kind]
    return f"{text} {rng.choice(bank).format(**values)}"


def _display_name(rng: random.Random, first: str, last: str) -> str:
    style = rng.random()
    if style < 0.5:
        return f"{first} {last[0]}."
    if style < 0.75:
        return f"{first} {last}"
    if style < 0.9:
        return f"{first.lower()}{last.lower()}{rng.randint(1, 99)}"
    return "Verified Buyer"
