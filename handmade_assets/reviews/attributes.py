"""Which aspects of a product shoppers mention in a review, and whether they liked them.

A lexicon, not a model: each clause is scanned for phrases that name an aspect ("packaging"),
judge one ("well packaged", "flimsy") or judge in general ("lovely"). A negator shortly before a
judging phrase flips it ("not sturdy", "wasn't as pictured", "no complaints").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Aspect = Literal[
    "material",
    "finish",
    "size_fit",
    "durability",
    "colour_accuracy",
    "packaging",
    "gift_worthiness",
    "craftsmanship",
    "value",
    "shipping",
]
ASPECTS: tuple[Aspect, ...] = Aspect.__args__  # type: ignore[attr-defined]
EVIDENCE_MAX_CHARS = 120
MIN_MENTIONS_FOR_HIGHLIGHT = 2
CLEAR_MAJORITY = 0.75  # "3 of 4" is praise; "2 of 3" is a split opinion

SUMMARY_COLUMNS: tuple[str, ...] = (
    "listing_id",
    "aspect",
    "mentions",
    "positive",
    "negative",
    "share_positive",
    "example_evidence",
    "highlight",
)

_HIGHLIGHTS: dict[str, str] = {
    "material": "reviewers praise the materials",
    "finish": "reviewers praise the finish",
    "size_fit": "reviewers are happy with the size and fit",
    "durability": "reviewers find it sturdy and durable",
    "colour_accuracy": "reviewers say the colours match the photos",
    "packaging": "reviewers praise the packaging",
    "gift_worthiness": "reviewers recommend it as a gift",
    "craftsmanship": "reviewers praise the craftsmanship",
    "value": "reviewers find it good value for the price",
    "shipping": "reviewers praise the fast shipping",
}


@dataclass(frozen=True)
class ReviewAttribute:
    aspect: Aspect
    polarity: Literal[1, -1]
    evidence: str


# Per aspect: 0 = words that name the aspect without judging it (their polarity comes from the
# clause), +1 / -1 = phrases that both name and judge it. Phrases are matched on lower-cased text
# whose hyphens became spaces, longest phrase first.
_ASPECT_LEXICON: dict[str, dict[int, str]] = {
    "material": {
        0: """material, materials, fabric, leather, wood, wooden, clay, ceramic, porcelain,
            stoneware, metal, silver, sterling, gold, brass, copper, cotton, wool, linen, silk,
            yarn, wax, soy wax, beeswax, beads, stone, stones, gemstone, gemstones, crystal,
            crystals, resin, cardstock, felt, thread, scent, scents, scented, smell, smells,
            fragrance, aroma""",
        1: """soft, so soft, super soft, real leather, genuine leather, solid wood, hypoallergenic,
            thick fabric, good material, quality material, quality materials, smells amazing,
            smells wonderful, smells great, smells divine""",
        -1: """scratchy, itchy, see through, plastic, plasticky, fake, irritation, irritate,
            irritated, allergic, allergic reaction, turned my skin green, turned green,
            weak scent, faint scent, thin fabric, cheap material, cheap materials""",
    },
    "finish": {
        0: """finish, finished, finishing, glaze, glazed, glazing, polish, paint, painted,
            paint job, stain, stained, varnish, sealed, coating, surface, texture, edges, edge,
            engraving, engraved, print, printed, printing, lacquer""",
        1: """smooth, silky smooth, glossy, shiny, sanded, polished, well finished,
            nicely finished, beautifully finished, crisp, clean lines, clean edges""",
        -1: """rough, rough edges, sharp edges, splinters, splinter, splintered, scratched,
            scratches, smudged, smudge, smudges, blurry, pixelated, streaky, bubbles, drips,
            sticky, tacky, residue, glue residue, glue marks, chipped paint, fuzzy, unclear""",
    },
    "size_fit": {
        0: """size, sizes, sized, sizing, fit, length, width, height, dimensions, measurements,
            inches, small, smaller, big, bigger, large, larger, tiny, huge, petite, heavy""",
        1: """fits, fits perfectly, fits well, fits great, fit perfectly, fit well, perfect size,
            perfect fit, great size, good size, nice size, right size, true to size,
            just the right size, comfortable, comfy, adjustable""",
        -1: """too small, too big, too large, too tight, too loose, too long, too short,
            too heavy, too thin, runs small, runs large, runs big, smaller than expected,
            smaller than i expected, smaller than i thought, smaller than it looks,
            smaller than pictured, bigger than expected, larger than expected, much smaller,
            way smaller, way too small, way too big, way to small, way to big, uncomfortable,
            tight, loose,
            doesn't fit, didn't fit, does not fit, did not fit, won't fit, wouldn't fit""",
    },
    "durability": {
        0: "durability, burn time, hold up",
        1: """sturdy, durable, solid, heavy duty, held up, holds up, holding up,
            has held up, still looks new, still looks brand new, long lasting, lasts, lasted,
            built to last, tough, survived, burns evenly, burns clean, burned evenly""",
        -1: """flimsy, fragile, broke, broken, breaks, break, broke off, fell apart,
            falling apart, falls apart, came apart, came off, fell off, falls off, cracked,
            cracks, crack, chipped, chips, tarnish, tarnished, tarnishes, faded, fades, fading,
            peeling, peeled, peel, peels, ripped, rips, tore, torn, frayed, fraying, unraveled,
            unraveling, snapped, bent, bends, rusted, rust, rusty, wore out, worn out,
            wearing off, wore off, rubbed off, stopped working, leaks, leaked, leaking, warped,
            melted, tunneled, tunneling, weak, fell to pieces""",
    },
    "colour_accuracy": {
        0: """color, colors, colour, colours, colored, coloured, shade, shades, hue, tone,
            tones, tint""",
        1: """as pictured, as shown, as in the picture, as in the pictures, as in the photo,
            as in the photos, like the picture, like the pictures, like the photo,
            like the photos, true to color, true to colour, matches the picture,
            matches the photo, vibrant, vivid, rich color, rich colour""",
        -1: """different color, different colour, wrong color, wrong colour, color is off,
            colors are off, colour is off, colours are off, looks nothing like,
            nothing like the picture, nothing like the photo, nothing like the pictures,
            darker than, lighter than, washed out, dull, looks different,
            different from the picture, different from the photo, brighter in the picture""",
    },
    "packaging": {
        0: """packaging, package, packaged, packed, packing, wrapped, wrapping, box, boxes,
            boxed, gift box, pouch, gift bag, organza bag, tissue paper, bubble wrap, ribbon,
            presentation""",
        1: """well packaged, nicely packaged, beautifully packaged, carefully packaged,
            securely packaged, well packed, carefully packed, securely packed, packed well,
            packaged well, packed carefully, beautifully wrapped, nicely wrapped,
            carefully wrapped, wrapped beautifully, cute box, adorable box, lovely box,
            beautiful box, nice box, cute packaging, arrived safely, arrived safe,
            arrived intact, arrived in perfect condition, arrived in great condition,
            in perfect condition, ready to gift""",
        -1: """arrived broken, arrived damaged, arrived cracked, arrived shattered,
            arrived chipped, came broken, came damaged, came cracked, broken in shipping,
            damaged in shipping, damaged in transit, broken in transit, crushed, smashed,
            poorly packaged, badly packaged, poorly packed, badly packed, no packaging,
            thrown in, squished""",
    },
    "gift_worthiness": {
        0: """gift, gifts, gifted, gifting, present, presents, birthday, christmas,
            anniversary, stocking stuffer, mother's day, father's day, valentine's day,
            valentine's, wedding, bridesmaids, gave it to, gave this to, gave them to,
            bought this for my, bought these for my, bought it for my, bought them for my,
            got this for my, got these for my, got it for my, got them for my""",
        1: """great gift, perfect gift, wonderful gift, lovely gift, nice gift, beautiful gift,
            thoughtful gift, unique gift, special gift, fantastic gift, excellent gift,
            awesome gift, cute gift, sweet gift, perfect present, great present,
            makes a great gift, would make a great gift, she loved it, he loved it,
            they loved it, she loves it, he loves it, they love it, she loved them,
            he loved them, they loved them, she loves them, he loves them, was a hit,
            were a hit, big hit, huge hit, brought tears, in tears""",
        -1: "disappointing gift, embarrassed, embarrassing",
    },
    "craftsmanship": {
        0: """craftsmanship, workmanship, crafted, quality, detail, details, detailing,
            handiwork, handwork, stitching, stitches, sewing, sewn, construction, artistry,
            artist, artisan""",
        1: """well made, well crafted, beautifully made, beautifully crafted, nicely made,
            expertly made, expertly crafted, skillfully, skilfully, carefully made,
            lovingly made, great quality, high quality, good quality, excellent quality,
            nice quality, top quality, quality made, attention to detail, detailed, intricate,
            precise, meticulous, talented, skilled, flawless, work of art, piece of art,
            true craftsmanship, looks expensive, look expensive, looks very expensive,
            looks so expensive, looks more expensive""",
        -1: """poorly made, badly made, cheaply made, cheap quality, poor quality, low quality,
            bad quality, terrible quality, looks cheap, look cheap, looked cheap, feels cheap,
            feel cheap, felt cheap, cheap looking, cheap feeling, cheap, cheaply, sloppy,
            sloppily, shoddy, crooked, uneven, lopsided, amateur, amateurish, loose threads,
            glue showing, visible glue, messy, mistakes, misspelled, typo, defect, defects,
            defective, flaws, flawed, shortcuts""",
    },
    "value": {
        0: "price, priced, pricing, value, money, cost, costs, paid, for the price",
        1: """worth, worth it, worth every penny, worth the money, worth the price, well worth,
            great price, good price, fair price, reasonable price, reasonably priced,
            fairly priced, great value, good value, excellent value, great deal, good deal,
            bargain, affordable, inexpensive""",
        -1: """overpriced, over priced, too expensive, expensive, pricey, waste of money,
            rip off, ripoff, ripped off, too much money""",
    },
    "shipping": {
        0: "shipping, shipped, delivery, delivered, arrival, postage, mail",
        1: """fast shipping, quick shipping, speedy shipping, prompt shipping, fast delivery,
            quick delivery, shipped fast, shipped quickly, shipped promptly, arrived quickly,
            arrived fast, arrived early, arrived on time, arrived promptly, arrived sooner,
            came quickly, came fast, came early, came on time, ahead of schedule, in no time,
            promptly, arrived quicker, came quicker, quicker than expected, faster than expected,
            sooner than expected, received quickly, recieved quickly""",
        -1: """slow shipping, slow delivery, took forever, took weeks, took a long time,
            took a month, took so long, took too long, never arrived, never received,
            never came, arrived late, came late, late, delayed, lost in the mail,
            still waiting, long wait""",
    },
}

# Judgements that name no aspect; 0 = phrases matched only so that their words are not misread
# ("pretty much" is not praise). Idioms that carry their own negation are listed whole.
_GENERIC_LEXICON: dict[int, str] = {
    1: """love, loved, loves, lovely, beautiful, beautifully, gorgeous, stunning, great, perfect,
        perfectly, excellent, amazing, awesome, nice, nicely, pretty, cute, adorable, wonderful,
        fantastic, happy, pleased, impressed, recommend, highly recommend, best, good, exactly,
        exceptional, superb, delighted, thrilled, satisfied, glad, elegant, charming, sweet,
        fabulous, incredible, exceeded, better than expected, as described, as advertised,
        exactly what, outstanding, favorite, favourite, enjoy, enjoyed, compliments, unique,
        well, nicer, better, can't say enough, couldn't be happier, could not be happier,
        couldn't be more pleased, can't go wrong, can't recommend enough""",
    -1: """bad, poor, poorly, terrible, horrible, awful, disappointed, disappointing,
        disappointment, ugly, worst, unhappy, waste, wrong, junk, garbage, return it,
        returned it, returning it, sent it back, sending it back, refund, mediocre, meh,
        complaint, complaints, problem, problems, issue, issues, unfortunately, sadly, hate,
        hated, nasty, gross, unpleasant, useless, worthless, regret, misleading, not as expected,
        could be better""",
    0: "as well, as long as, not only, no matter, can't wait, well as",
}

_NEGATORS = frozenset(
    """not no never nothing nor neither without hardly barely less isn't wasn't aren't weren't
    don't doesn't didn't won't wouldn't couldn't can't cannot shouldn't hasn't haven't hadn't
    isnt wasnt arent werent dont doesnt didnt wont wouldnt couldnt cant hasnt havent""".split()
)
NEGATION_WINDOW = 4  # tokens before a judging phrase that may negate it ("don't feel like it's")
# Wishes and hopes invert what follows: "would have been great", "thought it would be cute".
_COUNTERFACTUAL = re.compile(
    r"\b(?:would|should|could|might)(?: not|n't)? have\b|\b(?:would|should|could)'ve\b"
    r"|\b(?:wish|wished|hoped|hoping)\b|\bif only\b|\bneeds? to be\b"
    r"|\bthought (?:it|this|they|these|that) (?:would|might|was|were)\b"
)

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[a-z][.!?])(?=[A-Z])|[\n;:]+|\.{2,}|!+|\?+")
_CLAUSE_BREAK = re.compile(
    r",?\s+\b(?:but|however|though|although|yet|except|whereas)\b,?\s*|,\s*(?:and|so)\s+",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[a-z']+")
# "pretty" before an adjective is an intensifier ("pretty small"), not praise ("pretty earrings").
_PRETTY_AS_ADVERB = re.compile(
    r"\bpretty (?=(?:much|well|good|decent|nice|cool|small|big|large|tiny|thin|thick|heavy|light"
    r"|long|short|sure|close|quick|quickly|fast|slow|cheap|flimsy|poor|bad|sturdy|solid|happy"
    r"|easy|hard|tight|loose|expensive|dull|rough|smooth|soft|weak|disappointed|disappointing)\b)"
)


@dataclass(frozen=True)
class _Cue:
    aspect: str | None
    polarity: int


def _build_lexicon() -> dict[str, _Cue]:
    lexicon: dict[str, _Cue] = {}
    banks = [(aspect, bank) for aspect, bank in _ASPECT_LEXICON.items()]
    banks.append((None, _GENERIC_LEXICON))
    for aspect, bank in banks:
        for polarity, phrases in bank.items():
            for phrase in (" ".join(p.split()) for p in phrases.split(",")):
                if phrase in lexicon:
                    raise ValueError(f"lexicon lists {phrase!r} twice")
                lexicon[phrase] = _Cue(aspect, polarity)
    return lexicon


_LEXICON = _build_lexicon()
_CUE_PATTERN = re.compile(
    r"(?<![a-z'])(?:"
    + "|".join(re.escape(p) for p in sorted(_LEXICON, key=len, reverse=True))
    + r")(?![a-z'])"
)


def extract_attributes(text: str, rating: float | None = None) -> list[ReviewAttribute]:
    attributes: list[ReviewAttribute] = []
    for clause in _clauses(text):
        for aspect, polarity in _judge_clause(_normalise(clause), rating):
            attributes.append(ReviewAttribute(aspect, polarity, _shorten(clause)))
    return attributes


def summarize_attributes(reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per (listing_id, aspect) mentioned; a review counts once per aspect."""
    per_listing: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    evidence: dict[tuple[str, str, int], str] = {}
    for listing_id, text, rating in reviews[["listing_id", "review_text", "rating"]].itertuples(
        index=False
    ):
        rating = None if pd.isna(rating) else float(rating)
        for aspect, (polarity, clause) in _review_verdicts(text, rating).items():
            per_listing[(listing_id, aspect)][polarity] += 1
            evidence.setdefault((listing_id, aspect, polarity), clause)

    rows = []
    for (listing_id, aspect), counts in per_listing.items():
        mentions = sum(counts.values())
        positive, negative = counts[1], counts[-1]
        share_positive = positive / mentions
        majority = 1 if positive >= negative else -1
        praised = mentions >= MIN_MENTIONS_FOR_HIGHLIGHT and share_positive >= CLEAR_MAJORITY
        rows.append(
            {
                "listing_id": listing_id,
                "aspect": aspect,
                "mentions": mentions,
                "positive": positive,
                "negative": negative,
                "share_positive": share_positive,
                "example_evidence": evidence.get((listing_id, aspect, majority))
                or evidence.get((listing_id, aspect, 0))
                or evidence[(listing_id, aspect, -majority)],
                "highlight": (
                    f"{_HIGHLIGHTS[aspect]} ({positive} of {mentions} mentions)"
                    if praised
                    else None
                ),
            }
        )
    summary = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    summary["aspect_order"] = summary["aspect"].map(ASPECTS.index)
    summary = summary.sort_values(["listing_id", "aspect_order"], kind="stable")
    return summary.drop(columns="aspect_order").reset_index(drop=True)


def _review_verdicts(text: str, rating: float | None) -> dict[str, tuple[int, str]]:
    """Each aspect's net polarity over the review's clauses (0: mixed), with a clause to show."""
    net: dict[str, int] = defaultdict(int)
    first_clause: dict[str, str] = {}
    for attribute in extract_attributes(text if isinstance(text, str) else "", rating):
        net[attribute.aspect] += attribute.polarity
        first_clause.setdefault(attribute.aspect, attribute.evidence)
    verdicts = {}
    for aspect, total in net.items():
        polarity = _sign(total) or _rating_polarity(rating) or 0
        verdicts[aspect] = (polarity, first_clause[aspect])
    return verdicts


def _clauses(text: str) -> list[str]:
    clauses = []
    for sentence in _SENTENCE_BREAK.split(text):
        clauses += [c.strip(" ,.-") for c in _CLAUSE_BREAK.split(sentence) if c and c.strip(" ,.-")]
    return clauses


def _normalise(clause: str) -> str:
    clause = clause.lower().replace("’", "'").replace("`", "'")
    clause = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", clause)
    return _PRETTY_AS_ADVERB.sub("", " ".join(clause.split()))


def _judge_clause(clause: str, rating: float | None) -> list[tuple[str, int]]:
    specific: dict[str, int] = defaultdict(int)
    named: set[str] = set()
    clause_tone = 0
    previous_end = 0
    for match in _CUE_PATTERN.finditer(clause):
        cue = _LEXICON[match.group()]
        polarity = cue.polarity
        # Negation reaches back only to the previous cue: in "not sturdy and beautiful" the
        # "not" belongs to "sturdy".
        if polarity:
            polarity *= _inversion(clause[previous_end : match.start()])
            # A naming word does not end the negation's reach: "does not smell good".
            previous_end = match.end()
        clause_tone += polarity
        if cue.aspect is None:
            continue
        if cue.polarity:
            specific[cue.aspect] += polarity
        else:
            named.add(cue.aspect)

    verdicts = []
    for aspect in ASPECTS:
        if aspect in specific:
            polarity = _sign(specific[aspect]) or _sign(clause_tone) or _rating_polarity(rating)
        elif aspect in named:
            polarity = _sign(clause_tone) or _rating_polarity(rating)
        else:
            continue
        if polarity:
            verdicts.append((aspect, polarity))
    return verdicts


def _inversion(preceding: str) -> int:
    """-1 if what precedes a judgement negates it or wishes for it, +1 otherwise (or both)."""
    tokens = _TOKEN.findall(preceding)[-NEGATION_WINDOW - 2 :]
    negated = any(
        token in _NEGATORS or token.endswith("n't") for token in tokens[-NEGATION_WINDOW:]
    )
    wished = bool(_COUNTERFACTUAL.search(" ".join(tokens)))
    return -1 if negated != wished else 1


def _rating_polarity(rating: float | None) -> int:
    """A clause with no judgement of its own leans on the star rating; 3 stars decides nothing."""
    if rating is None:
        return 0
    return 1 if rating >= 4 else -1 if rating <= 2 else 0


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _shorten(clause: str) -> str:
    clause = " ".join(clause.split())
    if len(clause) <= EVIDENCE_MAX_CHARS:
        return clause
    return clause[: EVIDENCE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
