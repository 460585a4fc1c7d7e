"""The controlled multilingual lexicon: materials, techniques, colours and product nouns.

Each term maps a canonical English key to its surface forms per language. Forms are
'|'-separated; the first form is the one the composer writes, the rest are only recognised.

It serves two purposes and no more: comparing what a draft states with what the seller said
(grounding), and carrying a product noun, a material or a colour into a locale the seller did
not write in (the embedded default cannot translate). It never decides what an item is.
"""

from __future__ import annotations

import csv
from importlib import resources

from handmade_assets.lib.text import tokens

RECOGNISED_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it")

Forms = dict[str, tuple[str, ...]]


def _split(forms: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in forms.split("|") if f.strip())


def _t(en: str, de: str, fr: str, es: str, it: str) -> Forms:
    return dict(zip(RECOGNISED_LANGUAGES, map(_split, (en, de, fr, es, it)), strict=True))


# --- materials ------------------------------------------------------------------------------

MATERIALS: dict[str, Forms] = {
    # ceramic bodies and surfaces
    "stoneware": _t("stoneware", "Steinzeug", "grès", "gres", "gres|grès"),
    "porcelain": _t("porcelain", "Porzellan", "porcelaine", "porcelana", "porcellana"),
    "earthenware": _t("earthenware", "Irdenware|Steingut", "faïence", "loza", "terraglia|maiolica"),
    "terracotta": _t("terracotta|terra cotta", "Terrakotta", "terre cuite", "terracota", "terracotta|terra cotta"),
    "clay": _t("clay", "Ton", "argile", "arcilla|barro", "argilla"),
    "ceramic": _t("ceramic|ceramics", "Keramik", "céramique|céramiques", "cerámica|cerámicas", "ceramica|ceramiche"),
    "glaze": _t("glaze|glazed|glazes", "Glasur|glasiert|glasierte|glasierten", "émail|émaux|émaillé|émaillée|glaçure",
                "esmalte|esmaltado|esmaltada|vidriado", "smalto|smaltato|smaltata|smaltati|smaltate"),
    "iron oxide": _t("iron oxide|iron oxides", "Eisenoxid", "oxyde de fer", "óxido de hierro", "ossido di ferro"),
    "carbon": _t("carbon", "Kohlenstoff", "carbone", "carbono", "carbonio|carbone"),
    # metals and stones
    "copper": _t("copper", "Kupfer", "cuivre", "cobre", "rame"),
    "gold": _t("gold|solid gold", "Gold", "or|en or", "oro", "oro"),
    "gold-plated": _t("gold plating|gold plated|gold-plated", "Vergoldung|vergoldet|vergoldete", "plaqué or", "chapado en oro|bañado en oro", "placcato oro"),
    "gold-filled": _t("gold filled|gold-filled", "Gold-Filled", "gold filled|doublé or", "gold filled|relleno de oro", "gold filled|laminato oro"),
    "silver": _t("silver", "Silber", "argent", "plata", "argento"),
    "sterling silver": _t("sterling silver|sterling|925 silver", "Sterlingsilber|925er Silber", "argent sterling|argent 925",
                          "plata de ley|plata 925|plata esterlina", "argento sterling|argento 925"),
    "silver-filled": _t("silver filled|silver-filled|sterling silver filled|sterling filled", "Silver-Filled|silbergefüllt",
                        "argent rempli|silver filled", "relleno de plata|silver filled", "silver filled|laminato argento"),
    "tibetan silver": _t("tibetan silver|tibet silver", "Tibetsilber|tibetisches Silber", "argent tibétain",
                         "plata tibetana", "argento tibetano"),
    "silver-plated": _t("silver plating|silver plated|silver-plated", "Versilberung|versilbert|versilberte", "plaqué argent", "bañado en plata|chapado en plata", "placcato argento"),
    "recycled silver": _t("recycled silver", "Recycling-Silber|recyceltes Silber", "argent recyclé", "plata reciclada", "argento riciclato"),
    "brass": _t("brass", "Messing", "laiton", "latón", "ottone"),
    "bronze": _t("bronze", "Bronze", "bronze", "bronce", "bronzo"),
    "iron": _t("iron", "Eisen", "fer", "hierro", "ferro"),
    "steel": _t("steel", "Stahl", "acier", "acero", "acciaio"),
    "stainless steel": _t("stainless steel", "Edelstahl", "acier inoxydable|inox", "acero inoxidable", "acciaio inossidabile|acciaio inox"),
    "steel wool": _t("steel wool", "Stahlwolle", "laine d'acier|paille de fer", "lana de acero", "lana d'acciaio|paglietta"),
    "pearl": _t("pearl|pearls|freshwater pearl|freshwater pearls", "Perle|Perlen|Süßwasserperle", "perle de culture|perle d'eau douce|perles de culture",
                "perla|perlas", "perla|perle di fiume"),
    # Swarovski and other "crystal pearls" are coated glass: no cultured pearl, in any language.
    "crystal pearl": _t("crystal pearl|crystal pearls|swarovski pearl|swarovski pearls|glass pearl|glass pearls",
                        "Kristallperle|Kristallperlen|Swarovski-Perle|Swarovski-Perlen",
                        "perle de cristal|perles de cristal|perle swarovski|perles swarovski",
                        "perla de cristal|perlas de cristal|perla swarovski|perlas swarovski",
                        "perla di cristallo|perle di cristallo|perla swarovski|perle swarovski"),
    "faux pearl": _t("faux pearl|faux pearls|imitation pearl|imitation pearls|artificial pearl|artificial pearls",
                     "Kunstperle|Kunstperlen|Perlenimitat", "fausse perle|fausses perles|perle d'imitation|perles d'imitation",
                     "perla sintética|perlas sintéticas|perla de imitación|perlas de imitación",
                     "perla sintetica|perle sintetiche|perla finta|perle finte"),
    "mother of pearl": _t("mother of pearl|mother-of-pearl|nacre", "Perlmutt", "nacre", "nácar", "madreperla"),
    "glass bead": _t("glass bead|glass beads", "Glasperle|Glasperlen", "perle de verre|perles de verre", "cuenta de vidrio|cuentas de vidrio",
                     "perla di vetro|perle di vetro|perline di vetro"),
    "amethyst": _t("amethyst", "Amethyst", "améthyste", "amatista", "ametista"),
    "rose quartz": _t("rose quartz", "Rosenquarz", "quartz rose", "cuarzo rosa", "quarzo rosa"),
    "labradorite": _t("labradorite", "Labradorit", "labradorite", "labradorita", "labradorite"),
    "moonstone": _t("moonstone", "Mondstein", "pierre de lune", "piedra de luna", "pietra di luna"),
    # woods
    "wood": _t("wood|wooden", "Holz", "bois", "madera", "legno"),
    "oak": _t("oak", "Eichenholz|Eiche", "chêne|bois de chêne", "roble|madera de roble", "rovere|quercia|legno di rovere|legno di quercia"),
    "walnut": _t("walnut", "Nussbaumholz|Nussbaum|Walnussholz", "noyer|bois de noyer", "nogal|madera de nogal", "noce|legno di noce"),
    "olive wood": _t("olive wood|olivewood", "Olivenholz", "bois d'olivier|olivier", "madera de olivo|olivo", "legno d'ulivo|legno di ulivo|legno d'olivo|ulivo|olivo"),
    "cherry wood": _t("cherry wood|cherrywood", "Kirschholz|Kirschbaum", "merisier|cerisier|bois de cerisier", "madera de cerezo|cerezo", "ciliegio|legno di ciliegio"),
    "maple": _t("maple", "Ahornholz|Ahorn", "érable|bois d'érable", "arce|madera de arce", "acero|legno di acero|legno d'acero"),
    "beech": _t("beech", "Buchenholz|Buche", "hêtre|bois de hêtre", "haya|madera de haya", "faggio|legno di faggio"),
    "ash wood": _t("ash wood|ashwood", "Eschenholz|Esche", "frêne|bois de frêne", "fresno|madera de fresno", "frassino|legno di frassino"),
    "pine": _t("pine", "Kiefernholz|Kiefer", "pin|bois de pin", "pino|madera de pino", "pino|legno di pino"),
    "teak": _t("teak", "Teakholz|Teak", "teck|bois de teck", "teca|madera de teca", "teak|legno di teak"),
    "bamboo": _t("bamboo", "Bambus", "bambou", "bambú", "bambù|legno di bambù"),
    # fibres
    "cotton": _t("cotton", "Baumwolle", "coton", "algodón", "cotone"),
    "organic cotton": _t("organic cotton", "Bio-Baumwolle|Biobaumwolle", "coton bio|coton biologique", "algodón orgánico", "cotone biologico|cotone organico"),
    "linen": _t("linen", "Leinen", "lin", "lino", "lino"),
    "wool": _t("wool|woollen|woolen", "Wolle", "laine", "lana", "lana"),
    "merino": _t("merino wool|merino", "Merinowolle|Merino", "laine mérinos|mérinos", "lana merino|merino", "lana merino|merino"),
    "alpaca": _t("alpaca", "Alpaka", "alpaga", "alpaca", "alpaca"),
    "silk": _t("silk", "Seide", "soie", "seda", "seta"),
    "jute": _t("jute", "Jute", "jute", "yute", "iuta"),
    "hemp": _t("hemp", "Hanf", "chanvre", "cáñamo", "canapa"),
    # Synthetic fibres: without them a 50/50 hoodie declared "Cotton, Polyester" was published
    # as "Materials: cotton", and a draft that invented polyester went unchecked.
    "polyester": _t("polyester", "Polyester", "polyester", "poliéster", "poliestere"),
    "nylon": _t("nylon|polyamide", "Nylon|Polyamid", "nylon|polyamide", "nailon|nylon|poliamida", "nylon|poliammide"),
    "elastane": _t("elastane|spandex|lycra", "Elasthan|Elastan", "élasthanne", "elastano|licra", "elastan|elastam"),
    "viscose": _t("viscose|rayon", "Viskose", "viscose|rayonne", "viscosa|rayón", "viscosa|rayon"),
    # leather
    "leather": _t("leather", "Leder", "cuir", "cuero|piel", "cuoio|pelle"),
    "vegetable-tanned leather": _t("vegetable-tanned leather|vegetable tanned|veg tan leather|veg tan",
                                   "Leder (pflanzlich gegerbt)|pflanzlich gegerbt|pflanzlich gegerbtes Leder",
                                   "cuir tanné végétal|cuir au tannage végétal|tannage végétal",
                                   "cuero curtido vegetal|curtido vegetal", "cuoio conciato al vegetale|conciato al vegetale"),
    "faux leather": _t("faux leather|vegan leather|imitation leather|pu leather", "Kunstleder|veganes Leder", "similicuir|cuir vegan|cuir végétal",
                       "cuero sintético|piel sintética|cuero vegano", "similpelle|ecopelle|pelle vegana"),
    # waxes
    "wax": _t("wax", "Wachs", "cire", "cera", "cera"),
    "beeswax": _t("beeswax|bees wax", "Bienenwachs", "cire d'abeille|cire d'abeilles", "cera de abeja|cera de abejas", "cera d'api"),
    "soy wax": _t("soy wax|soya wax", "Sojawachs", "cire de soja", "cera de soja", "cera di soia"),
    "coconut wax": _t("coconut wax", "Kokoswachs", "cire de coco", "cera de coco", "cera di cocco"),
    "mineral wax": _t("mineral wax", "Mineralwachs", "cire minérale", "cera mineral", "cera minerale"),
    "paraffin": _t("paraffin|paraffin wax", "Paraffin", "paraffine", "parafina", "paraffina"),
    # glass, paper, others
    "glass": _t("glass", "Glas", "verre", "vidrio", "vetro"),
    "recycled glass": _t("recycled glass", "Recyclingglas|recyceltes Glas", "verre recyclé", "vidrio reciclado", "vetro riciclato"),
    "paper": _t("paper", "Papier", "papier", "papel", "carta"),
    "recycled paper": _t("recycled paper", "Recyclingpapier", "papier recyclé", "papel reciclado", "carta riciclata"),
    "resin": _t("resin|epoxy resin", "Harz|Epoxidharz", "résine", "resina", "resina"),
}

# Which materials make up the body of a piece, per family, so the extractor can put the body
# first ("stoneware" before "copper" on a vase) and the composer can name it in the headline.
MATERIAL_FAMILY: dict[str, str] = {
    **dict.fromkeys(("stoneware", "porcelain", "earthenware", "terracotta", "clay", "ceramic"), "ceramic"),
    **dict.fromkeys(("gold", "gold-plated", "gold-filled", "silver", "sterling silver", "silver-plated", "recycled silver",
                     "silver-filled", "tibetan silver",
                     "brass", "bronze", "copper", "stainless steel", "steel"), "metal"),
    **dict.fromkeys(("pearl", "glass bead", "amethyst", "rose quartz", "labradorite", "moonstone"), "stone"),
    **dict.fromkeys(("wood", "oak", "walnut", "olive wood", "cherry wood", "maple", "beech", "ash wood", "pine", "teak", "bamboo"), "wood"),
    **dict.fromkeys(("cotton", "organic cotton", "linen", "wool", "merino", "alpaca", "silk", "jute", "hemp",
                     "polyester", "nylon", "elastane", "viscose"), "fibre"),
    **dict.fromkeys(("leather", "vegetable-tanned leather", "faux leather"), "leather"),
    **dict.fromkeys(("wax", "beeswax", "soy wax", "coconut wax", "paraffin"), "wax"),
    **dict.fromkeys(("glass", "recycled glass", "crystal pearl"), "glass"),
    **dict.fromkeys(("paper", "recycled paper"), "paper"),
}
# A generic key yields to a refinement of it (stoneware says more than ceramic), never to an
# unrelated member of its family (copper does not refine silver).
_CERAMIC_BODIES = frozenset({"stoneware", "porcelain", "earthenware", "terracotta"})
MATERIAL_REFINEMENTS: dict[str, frozenset[str]] = {
    "ceramic": _CERAMIC_BODIES,
    "clay": _CERAMIC_BODIES,
    "wood": frozenset(k for k, family in MATERIAL_FAMILY.items() if family == "wood") - {"wood"},
    "wax": frozenset({"beeswax", "soy wax", "coconut wax", "mineral wax", "paraffin"}),
    # A seller who says "silver" and "silver plated" means the plating: solid silver would be a
    # false claim in every locale.
    "silver": frozenset({"sterling silver", "recycled silver", "silver-plated", "silver-filled", "tibetan silver"}),
    "sterling silver": frozenset({"silver-filled"}),
    "gold": frozenset({"gold-plated", "gold-filled"}),
    "steel": frozenset({"stainless steel"}),
    "cotton": frozenset({"organic cotton"}),
    "wool": frozenset({"merino"}),
    "leather": frozenset({"vegetable-tanned leather"}),
    "glass": frozenset({"recycled glass"}),
    "paper": frozenset({"recycled paper"}),
    # Not a kind of pearl, but where a seller says both, "Swarovski pearls" says which pearl.
    "pearl": frozenset({"crystal pearl", "faux pearl"}),
}

CATEGORY_BODY_FAMILIES: dict[str, tuple[str, ...]] = {
    "ceramics": ("ceramic",),
    "jewelry": ("metal", "stone"),
    "textiles": ("fibre",),
    "woodwork": ("wood",),
    "candles": ("wax",),
    "leather": ("leather",),
    "glass": ("glass",),
    "paper": ("paper",),
}

# --- techniques -----------------------------------------------------------------------------

TECHNIQUES: dict[str, Forms] = {
    "wheel-thrown": _t("wheel throwing|wheel-thrown|wheel thrown|thrown on the wheel|thrown on the potter's wheel|potter's wheel|hand-thrown|hand thrown",
                       "Drehen auf der Töpferscheibe|Töpferscheibe|Drehscheibe|scheibengedreht",
                       "tournage au tour de potier|tour de potier|tourné au tour|tournée au tour|tournage au tour",
                       "torno de alfarero|torno alfarero|al torno|torneado|torneada",
                       "tornio|al tornio|tornito|tornita|torniti|tornite|tornitura"),
    "hand-built": _t("hand-building|hand-built|hand built|handbuilt|coil-built|coil building|coil-building|coiled|slab-built|pinch pot",
                     "Aufbau von Hand|von Hand aufgebaut|Aufbautechnik|Wulsttechnik|Plattentechnik",
                     "montage à la main|monté à la main|montée à la main|colombin|colombins|montage au colombin",
                     "modelado a mano|modelada a mano|churros|técnica de churros",
                     "modellato a mano|modellata a mano|colombino|a colombino"),
    "raku": _t("raku firing|raku|raku-fired|raku fired", "Raku-Brand|Raku|Rakubrand", "cuisson raku|raku", "cocción raku|raku", "raku|cottura raku"),
    "horsehair raku": _t("horsehair raku|horsehair", "Rosshaar-Raku|Horsehair-Raku", "raku au crin de cheval|raku crin de cheval",
                         "raku de crin de caballo", "raku con crine di cavallo|horsehair raku"),
    "saggar-fired": _t("saggar firing|saggar-fired|saggar fired|saggar|sagger", "Saggar-Brand|Saggar|Kapselbrand",
                       "cuisson en saggar|saggar|cuisson en gazette", "cocción en saggar|saggar", "saggar|cottura saggar|cotto a fuoco saggar"),
    "pit-fired": _t("pit firing|pit-fired|pit fired|pit-firing", "Grubenbrand", "cuisson en fosse", "cocción en pozo|cocido en pozo|cocida en pozo",
                    "cottura a buca|cotto in buca|cottura in buca"),
    "wood-fired": _t("wood firing|wood-fired|wood fired|woodfired", "Holzbrand|holzgebrannt", "cuisson au bois", "cocción con leña|cocido con leña|cocida con leña",
                     "cottura a legna|cotto a legna|cotta a legna"),
    "smoke-fired": _t("smoke firing|smoke-fired|smoke fired|smoke-firing", "Rauchbrand", "enfumage|cuisson à la fumée", "cocción con humo",
                      "cottura a fumo|affumicatura"),
    "kintsugi": _t("kintsugi", "Kintsugi", "kintsugi", "kintsugi", "kintsugi"),
    "terra sigillata": _t("terra sigillata|terrasigillata|sealed clay", "Terra Sigillata", "terre sigillée|terra sigillata", "terra sigillata", "terra sigillata|terrasigillata"),
    "burnished": _t("burnishing|burnished|stone-burnished|stone burnished", "Polieren|Glätten", "brunissage|bruni|brunie", "bruñido|bruñida",
                    "brunitura|brunito|brunita"),
    "crackle": _t("crackle finish|crackle|crackled|craquelé|craquele|crackle glaze", "Craquelé|Krakelee", "craquelé|craquelure|craquelures",
                  "craquelado|craquelé", "craquelé|cavillato|cavillo"),
    "sgraffito": _t("sgraffito", "Sgraffito", "sgraffite|sgraffito", "esgrafiado|sgraffito", "sgraffito|graffito"),
    "slip-cast": _t("slip casting|slip-cast|slip cast", "Schlickerguss", "coulage", "colado en molde|vaciado en molde", "colaggio"),
    "hand-painted": _t("hand painting|hand-painted|hand painted|painted by hand", "Handbemalung|handbemalt|von Hand bemalt",
                       "peinture à la main|peint à la main|peinte à la main", "pintura a mano|pintado a mano|pintada a mano",
                       "dipinto a mano|dipinta a mano|pittura a mano"),
    "glassblowing": _t("glassblowing|hand-blown|hand blown|mouth-blown|blown glass", "Glasblasen|mundgeblasen|mundgeblasenes",
                       "soufflage|verre soufflé|soufflé bouche", "soplado|vidrio soplado", "vetro soffiato|soffiato a bocca"),
    "lampwork": _t("lampwork|lampworking|lampworked", "Lampenarbeit|Lampwork", "travail au chalumeau|perle au chalumeau", "trabajo al soplete",
                   "lavorazione a lume|a lume"),
    "fused glass": _t("glass fusing|fused glass", "Glasfusing|Fusingglas", "verre fusionné|fusing", "vidrio fundido|fusing", "vetro fuso|fusing"),
    "stained glass": _t("stained glass", "Bleiverglasung|Bleiverglasungen", "vitrail|vitraux", "vidriera|vidrieras", "vetrata|vetrate|vetro colorato"),
    "engraved": _t("engraving|engraved|hand-engraved", "Gravur|graviert|gravierte", "gravure|gravé|gravée", "grabado|grabada", "incisione|inciso|incisa"),
    "soldered": _t("soldering|soldered|hand-soldered", "Löten|gelötet", "soudure|soudé|soudée", "soldadura|soldado|soldada", "saldatura|saldato|saldata"),
    "hammered": _t("hammering|hammered|hand-hammered", "Hämmern|gehämmert|gehämmerte", "martelage|martelé|martelée", "martillado|martillada",
                   "martellatura|martellato|martellata"),
    "filigree": _t("filigree", "Filigran", "filigrane", "filigrana", "filigrana"),
    "lost-wax casting": _t("lost-wax casting|lost wax casting|lost-wax|lost wax", "Wachsausschmelzverfahren", "fonte à la cire perdue|cire perdue",
                           "fundición a la cera perdida|cera perdida", "fusione a cera persa|cera persa"),
    "hand-woven": _t("hand weaving|hand-woven|hand woven|handwoven|woven by hand", "Handweberei|handgewebt|handgewebte|von Hand gewebt",
                     "tissage à la main|tissé main|tissé à la main|tissée à la main", "tejido a mano|tejida a mano|tejido en telar",
                     "tessuto a mano|tessitura a mano|tessuta a mano"),
    "knitted": _t("knitting|knitted|hand-knitted|hand knitted|hand knit", "Stricken|gestrickt|gestrickte|handgestrickt|handgestrickte",
                  "tricot|tricoté|tricotée|tricoté main", "tejido de punto|de punto|tricotado|tricotada", "maglia|lavorato a maglia|lavorata a maglia|fatto a maglia"),
    "crochet": _t("crochet|crocheted|crochet work", "Häkeln|gehäkelt|gehäkelte", "crochet|crocheté|crochetée", "ganchillo|crochet", "uncinetto|all'uncinetto"),
    "embroidered": _t("embroidery|embroidered|hand-embroidered", "Stickerei|bestickt|bestickte|handbestickt", "broderie|brodé|brodée",
                      "bordado|bordada", "ricamo|ricamato|ricamata"),
    "block printing": _t("block printing|block-printed|block printed|block print", "Modeldruck|Blockdruck", "impression au bloc|imprimé au bloc",
                         "estampación con bloques|estampado con bloques", "stampa a blocchi|stampa a mano con blocchi"),
    "batik": _t("batik", "Batik", "batik", "batik", "batik"),
    "shibori": _t("shibori", "Shibori", "shibori", "shibori", "shibori"),
    "quilting": _t("quilting|quilted", "Quilten|gequiltet|gequiltete", "matelassage|quilting|matelassé|matelassée", "acolchado|acolchada|quilting",
                   "trapuntatura|trapuntato|trapuntata|quilting"),
    "macramé": _t("macramé|macrame", "Makramee", "macramé", "macramé", "macramè|macramé"),
    "felting": _t("felting|felted|needle felted|wet felted", "Filzen|gefilzt|gefilzte", "feutrage|feutré|feutrée", "afieltrado|fieltro|afieltrada",
                  "infeltrimento|feltro|infeltrito"),
    "woodturning": _t("woodturning|wood turning|hand-turned|lathe-turned|turned on a lathe", "Drechseln|gedrechselt|gedrechselte",
                      "tournage sur bois|tourné sur bois", "torneado de madera|torneado en madera|madera torneada", "tornitura del legno|legno tornito"),
    "hand-carved": _t("hand carving|hand-carved|hand carved|carved by hand", "Schnitzen von Hand|handgeschnitzt|handgeschnitzte",
                      "sculpture à la main|sculpté à la main|sculptée à la main", "talla a mano|tallado a mano|tallada a mano",
                      "intagliato a mano|intagliata a mano|intaglio a mano"),
    "pyrography": _t("pyrography|pyrographed|wood burning|woodburning", "Brandmalerei", "pyrogravure", "pirograbado", "pirografia"),
    "hand-tooled": _t("hand tooling|hand-tooled|hand tooled|tooled|leather tooling", "Punzieren|punziert|punzierte", "ciselure|ciselé|repoussé",
                      "repujado|repujada", "sbalzo|sbalzato|bulinato"),
    "hand-stitched": _t("hand stitching|hand-stitched|hand stitched|hand-sewn|hand sewn|saddle stitched|saddle stitch",
                        "Handnaht|handgenäht|handgenähte|von Hand genäht", "couture à la main|cousu main|cousue main|cousu à la main|point sellier",
                        "costura a mano|cosido a mano|cosida a mano", "cucito a mano|cucita a mano|cucitura a mano"),
    "bookbinding": _t("hand bookbinding|bookbinding|hand-bound|hand bound", "Handbuchbinderei|handgebunden|handgebundene",
                      "reliure à la main|reliure|relié main|relié à la main", "encuadernación a mano|encuadernación|encuadernado a mano",
                      "rilegatura a mano|rilegatura|rilegato a mano"),
    "letterpress": _t("letterpress", "Buchdruck|Letterpress", "typographie|impression typographique|letterpress", "impresión tipográfica|letterpress",
                      "stampa tipografica|letterpress"),
    "marbling": _t("marbling|marbled", "Marmorieren|marmoriert|marmorierte", "marbrure|marbré|marbrée|papier marbré", "marmoleado|marmoleada|papel marmoleado",
                   "marmorizzazione|marmorizzato|marmorizzata|carta marmorizzata"),
    "hand-dipped": _t("hand dipping|hand-dipped|hand dipped", "Kerzenziehen|handgezogen|handgezogene", "trempage à la main|trempée à la main",
                      "sumergida a mano|inmersión a mano", "immersa a mano|a immersione"),
    "hand-poured": _t("hand pouring|hand-poured|hand poured", "Gießen von Hand|von Hand gegossen|handgegossen|handgegossene", "coulée à la main|coulé à la main",
                      "vertida a mano|vertido a mano", "colata a mano|colato a mano"),
    # Not a technique as such, but the composer may only call a piece handmade when the listing does.
    "handmade": _t("handmade|hand-made|hand made|handcrafted|hand-crafted|hand crafted|made by hand",
                   "handgemacht|handgemachte|handgefertigt|handgefertigte|in Handarbeit",
                   "fait main|faite main|faits main|faites main|fait à la main|faite à la main",
                   "hecho a mano|hecha a mano|hechos a mano|hechas a mano",
                   "fatto a mano|fatta a mano|fatti a mano|fatte a mano|realizzato a mano|realizzata a mano|lavorato a mano|lavorata a mano"),
}

# Facts that a technique makes true: horsehair raku is raku; blown glass is glass.
IMPLIED_FACTS: dict[str, tuple[tuple[str, str], ...]] = {
    "horsehair raku": (("techniques", "raku"),),
    "glassblowing": (("materials", "glass"),),
    "lampwork": (("materials", "glass"),),
    "fused glass": (("materials", "glass"),),
    "stained glass": (("materials", "glass"),),
}



# --- colours --------------------------------------------------------------------------------
# German: a lowercase adjective base (written capitalised, as a colour noun: "in Grau").
# French and Spanish: "masculine/feminine" where they differ; the composer agrees the adjective
# with the object's gender in keywords ("vase gris", "tasse grise").


def _c(en: str, de: str, fr: str, es: str, it: str) -> dict[str, str]:
    return {"en": en, "de": de, "fr": fr, "es": es, "it": it}


COLOUR_SPECS: dict[str, dict[str, str]] = {
    "black": _c("black", "schwarz", "noir/noire", "negro/negra", "nero|nera|neri|nere"),
    "white": _c("white", "weiß|weiss", "blanc/blanche", "blanco/blanca", "bianco|bianca|bianchi|bianche"),
    "grey": _c("grey|gray|charcoal|charcoal grey|charcoal gray", "grau|anthrazit", "gris/grise|anthracite", "gris|antracita",
               "grigio|grigia|grigi|grigie|antracite"),
    "cream": _c("cream|off-white|off white", "creme|cremeweiß", "crème", "crema", "crema|panna"),
    "beige": _c("beige", "beige", "beige", "beige", "beige|beigi"),
    "ivory": _c("ivory", "elfenbein", "ivoire", "marfil", "avorio"),
    "brown": _c("brown|tan", "braun", "marron|brun/brune", "marrón|café", "marrone|marroni|bruno|bruna"),
    "red": _c("red", "rot", "rouge", "rojo/roja", "rosso|rossa|rossi|rosse"),
    "burgundy": _c("burgundy|wine red", "weinrot|bordeauxrot", "bordeaux", "burdeos|granate", "bordeaux|bordò"),
    "orange": _c("orange", "orange", "orange", "naranja|anaranjado/anaranjada", "arancione|arancioni|arancio"),
    "yellow": _c("yellow", "gelb", "jaune", "amarillo/amarilla", "giallo|gialla|gialli|gialle"),
    "mustard": _c("mustard|mustard yellow", "senfgelb", "moutarde|jaune moutarde", "mostaza", "senape|giallo senape"),
    "ochre": _c("ochre|ocher", "ocker", "ocre", "ocre", "ocra"),
    "amber": _c("amber", "bernstein|bernsteinfarben", "ambre|ambré/ambrée", "ámbar", "ambra|ambrato|ambrata"),
    "green": _c("green", "grün", "vert/verte", "verde", "verde|verdi"),
    "sage green": _c("sage green", "salbeigrün", "vert sauge", "verde salvia", "verde salvia"),
    "mint green": _c("mint green", "mintgrün", "vert menthe", "verde menta", "verde menta"),
    "teal": _c("teal", "petrol", "bleu canard", "verde azulado", "verde petrolio|ottanio"),
    "turquoise": _c("turquoise", "türkis", "turquoise", "turquesa", "turchese|turchesi"),
    "aqua": _c("aqua|aqua blue", "aquablau", "bleu aqua", "azul aqua", "azzurro acqua|blu acqua|verde acqua"),
    "blue": _c("blue", "blau", "bleu/bleue", "azul", "blu|azzurro|azzurra|azzurri|azzurre"),
    "navy": _c("navy|navy blue", "marineblau", "bleu marine", "azul marino", "blu navy|blu marino"),
    "indigo": _c("indigo", "indigo", "indigo", "índigo", "indaco"),
    "purple": _c("purple|violet|lilac", "violett|lila|purpur", "violet/violette|pourpre|mauve", "morado/morada|violeta|lila|púrpura",
                 "viola|porpora|lilla"),
    "pink": _c("pink", "rosa|pink", "rose", "rosa|rosado/rosada", "rosa|rosato|rosata"),
    "antique pink": _c("antique pink|dusty pink|old pink|dusty rose|antique rose", "altrosa", "vieux rose|rose ancien|rose poudré",
                       "rosa palo|rosa viejo|rosa antiguo", "rosa antico|rosa cipria"),
    # "gold" and "silver" as words are the metals; the colours have their own words so grounding
    # can tell them apart.
    "gold": _c("golden|gold-coloured|gold-colored|gold-toned|gold tone|gold-tone", "goldgelb|goldfarben|golden", "doré/dorée", "dorado/dorada",
               "dorato|dorata|dorati|dorate"),
    "silver": _c("silvery|silver-coloured|silver-colored|silver-toned|silver tone|silver-tone", "silbergrau|silberfarben|silbern",
                 "argenté/argentée", "plateado/plateada", "argentato|argentata|argentati|argentate"),
    # Mostly a finish's colour ("Patina Rose Gold Swarovski Studs" of stainless steel and
    # crystal were published with gold); a seller whose piece is gold says the carat.
    "rose gold": _c("rose gold|rose-gold", "roségold|rosegold", "or rose", "oro rosa", "oro rosa"),
}


def _de_colour_forms(bases: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = [bases[0][:1].upper() + bases[0][1:]]
    for base in bases:
        out.append(base)
        if base.endswith("e"):
            out += [base + s for s in ("n", "r", "s", "m")]
        elif not base.endswith(("a", "o")):
            out += [base + s for s in ("e", "en", "er", "es", "em")]
    return tuple(dict.fromkeys(out))


def _romance_colour_forms(spec: str, lang: str) -> tuple[tuple[str, ...], str, str]:
    """Recognised forms plus the masculine and feminine output forms of a French/Spanish colour."""
    forms: list[str] = []
    first_m = first_f = ""
    for alt in _split(spec):
        m, _, f = alt.partition("/")
        f = f or m
        if not first_m:
            first_m, first_f = m, f
        for word in dict.fromkeys((m, f)):
            forms.append(word)
            if " " in word:
                continue
            if lang == "fr" and not word.endswith(("s", "x")):
                forms.append(word + "s")
            elif lang == "es":
                if word.endswith("ón"):
                    forms.append(word[:-2] + "ones")
                else:
                    forms.append(word + ("s" if word[-1] in "aeiouáéó" else "es"))
    return tuple(dict.fromkeys(forms)), first_m, first_f


def _build_colours() -> tuple[dict[str, Forms], dict[str, dict[str, tuple[str, str]]]]:
    forms: dict[str, Forms] = {}
    gendered: dict[str, dict[str, tuple[str, str]]] = {}
    for key, spec in COLOUR_SPECS.items():
        en = _split(spec["en"])
        entry: Forms = {"en": en + tuple(w + "s" for w in en if " " not in w and "-" not in w)}
        entry["de"] = _de_colour_forms(_split(spec["de"]))
        gendered[key] = {}
        for lang in ("fr", "es"):
            entry[lang], m, f = _romance_colour_forms(spec[lang], lang)
            gendered[key][lang] = (m, f)
        entry["it"] = _split(spec["it"])
        forms[key] = entry
    return forms, gendered


COLOURS, COLOUR_GENDER_FORMS = _build_colours()

# --- object types ---------------------------------------------------------------------------
# The product nouns live in data/product_nouns.csv (format in data/README.md): one row a product
# type, so adding one is a line of data. The first form in de/fr/es carries the grammatical gender
# ("f:Vase"); "pair of earrings" and friends keep every object singular so that articles and verbs
# agree.

PRODUCT_NOUNS_FILE = "data/product_nouns.csv"


def _o(category: str, en: str, de: str, fr: str, es: str, it: str) -> dict:
    entry: dict = {"category": category, "gender": {}, "heads": {}, "written_as": {}}
    for lang, spec in zip(RECOGNISED_LANGUAGES, (en, de, fr, es, it), strict=True):
        all_forms = list(_split(spec))
        # "=sign": this language has no word of its own for the product and writes another
        # row's (German says "Schild" for a plaque and for a sign). The other forms are still
        # recognised as this product; the borrowed word stays the other row's.
        if all_forms and all_forms[0].startswith("="):
            entry["written_as"][lang] = all_forms.pop(0)[1:]
        # "~plans": a word too common to find anywhere ("a plan", "reading"), recognised only as
        # the head a product phrase ends with ("Bookshelf Plans", "Full Moon Tarot Reading").
        forms = [f for f in all_forms if not f.startswith("~")]
        entry["heads"][lang] = tuple(f[1:] for f in all_forms if f.startswith("~"))
        if lang in ("de", "fr", "es") and forms and lang not in entry["written_as"]:
            gender, _, forms[0] = forms[0].rpartition(":")
            entry["gender"][lang] = gender
        entry[lang] = tuple(forms)
    return entry


def _load_objects() -> dict[str, dict]:
    path = resources.files(__package__).joinpath(PRODUCT_NOUNS_FILE)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    objects: dict[str, dict] = {}
    for line, row in enumerate(rows, start=2):
        if row["key"] in objects:
            raise ValueError(f"{PRODUCT_NOUNS_FILE}:{line}: key {row['key']!r} is listed twice")
        objects[row["key"]] = _o(row["group"], *(row[lang] or "" for lang in RECOGNISED_LANGUAGES))
    for key, entry in objects.items():
        for lang, other in entry["written_as"].items():
            if not objects.get(other, {}).get(lang) or objects[other]["written_as"].get(lang):
                raise ValueError(f"{PRODUCT_NOUNS_FILE}: {key!r} is written in {lang} as {other!r}, "
                                 f"which has no {lang} word of its own")
    return objects


OBJECTS: dict[str, dict] = _load_objects()

# Where a Romance noun phrase stops agreeing: "boule de Noël" -> "boules de Noël".
_PLURAL_STOPS: dict[str, frozenset[str]] = {
    "fr": frozenset("de d du des a au aux en pour avec sans sur".split()),
    "es": frozenset("de del para con sin en a al sobre".split()),
    "it": frozenset("di d da del della dei delle per con in a al alla su".split()),
}
_IT_ENDINGS = (("io", ("i",)), ("co", ("chi", "ci")), ("go", ("ghi", "gi")), ("ca", ("che",)), ("ga", ("ghe",)),
               ("ma", ("mi", "me")), ("a", ("e", "i")), ("o", ("i",)), ("e", ("i",)))


def _word_plurals(word: str, lang: str) -> set[str]:
    """Regular plurals of one accent-free word."""
    if lang == "en":
        out = {word + "s", word + "es", word[:-1] + "ies"}
        if word.endswith("f"):
            out.add(word[:-1] + "ves")
        if word.endswith("fe"):
            out.add(word[:-2] + "ves")
        return out
    if lang == "fr":
        return {word + "s", word + "x", word[:-2] + "aux" if word.endswith("al") else word + "s"}
    if lang == "es":
        return {word + "s", word + "es", word[:-1] + "ces" if word.endswith("z") else word + "s"}
    if lang == "it":
        return {word[: -len(end)] + p for end, plurals in _IT_ENDINGS if word.endswith(end) for p in plurals}
    if lang == "de":
        return {word + end for end in ("e", "n", "en", "er", "s", "nen")}
    return set()


def _plural_of(singular: str, form: str, lang: str) -> bool:
    """Whether `form` is the regular plural of `singular` in `lang`, compared as accent-free
    tokens: only forms the lexicon lists are ever written, so the rule decides which listed form
    is the plural, never invents one. English and German inflect the last word ("art prints",
    "Kunstdrucke"), "pair of" becomes "pairs of"; French, Spanish and Italian every word before
    the first preposition ("bougies parfumées", "tiradas de tarot", "stampe d'arte")."""
    one, many = tokens(singular), tokens(form)
    if not one or len(one) != len(many) or one == many:
        return False
    if lang in ("en", "de"):
        if lang == "en" and one[0] == "pair" and many[0] == "pairs":
            return one[1:] == many[1:]
        return one[:-1] == many[:-1] and many[-1] in _word_plurals(one[-1], lang)
    stops = _PLURAL_STOPS.get(lang, frozenset())
    end = next((i for i, t in enumerate(one) if i > 0 and t in stops), len(one))
    return one[end:] == many[end:] and all(
        b == a or b in _word_plurals(a, lang) for a, b in zip(one[:end], many[:end], strict=True))


def written_key(key: str, lang: str) -> str:
    """The row whose first form names the product in `lang`: its own, or the row it borrows
    the word from ("=sign")."""
    return OBJECTS[key]["written_as"].get(lang, key)


def written_form(key: str, lang: str) -> str | None:
    """What the composer writes for the product in `lang`, or None where the lexicon has no word."""
    forms = OBJECTS[written_key(key, lang)].get(lang, ())
    return forms[0] if forms else None


def plural_form(key: str, lang: str) -> str | None:
    """The listed plural of the object's written (first) form in `lang`, or None."""
    forms = OBJECTS[written_key(key, lang)].get(lang, ())
    if not forms:
        return None
    return next((f for f in forms[1:] if _plural_of(forms[0], f, lang)), None)


def is_plural_mention(key: str, mention: str) -> bool:
    """Whether the seller's words for the object (`mention`, as found in the title) are a plural
    of one of its forms in any recognised language: "Prints Bundle", "Tarot Spreads"."""
    return any(_plural_of(form, mention, lang)
               for lang in RECOGNISED_LANGUAGES for form in OBJECTS[key].get(lang, ()))


# --- review highlights ----------------------------------------------------------------------
# Keys are the review aspects the reviews domain reports ("reviewers praise the packaging (3 of 4
# mentions)"). Review text is never quoted: a highlight is a key rendered through a fixed phrase.

REVIEW_HIGHLIGHTS: dict[str, Forms] = {
    "material": _t("material|materials|praise the materials", "Material|Materialien", "matériaux|matière", "materiales|material", "materiali"),
    "finish": _t("finish|praise the finish", "Oberfläche|Verarbeitung der Oberfläche", "finition", "acabado", "finitura"),
    "size_fit": _t("size_fit|size and fit|size|fit|true to size", "Größe|Passform", "taille|dimensions", "tamaño|talla", "misura|taglia"),
    "durability": _t("durability|sturdy|durable|sturdy and durable", "Stabilität|stabil", "solidité|solide", "solidez|resistente", "robustezza|robusto"),
    "colour_accuracy": _t("colour_accuracy|colour accuracy|color accuracy|colours match the photos|colors match the photos|as pictured",
                          "Farbtreue|wie abgebildet", "fidélité des couleurs|comme sur les photos", "fidelidad de los colores|como en las fotos",
                          "colori fedeli|come in foto"),
    "packaging": _t("packaging|praise the packaging|well packaged", "Verpackung|gut verpackt", "emballage|bien emballé", "embalaje|bien embalado",
                    "imballaggio|ben imballato"),
    "gift_worthiness": _t("gift_worthiness|gift|as a gift|recommend it as a gift", "Geschenk", "cadeau", "regalo", "regalo"),
    "craftsmanship": _t("craftsmanship|praise the craftsmanship|well made", "Handwerkskunst|Verarbeitung", "savoir-faire|qualité de fabrication",
                        "calidad artesanal|artesanía", "artigianalità|lavorazione"),
    "value": _t("value|good value|value for money|good value for the price", "Preis-Leistung|Preis-Leistungs-Verhältnis", "rapport qualité-prix",
                "relación calidad-precio", "rapporto qualità-prezzo"),
    "shipping": _t("shipping|fast shipping|quick delivery|fast delivery|praise the fast shipping", "Versand|Lieferung|schnelle Lieferung",
                   "livraison|expédition|livraison rapide", "envío|entrega|envío rápido", "spedizione|consegna"),
}


# --- recognition helpers --------------------------------------------------------------------

# Forms that are ordinary words in another recognised language (French "or" is gold, English
# "or" is a conjunction). They count only in text whose language was identified as theirs.
FALSE_FRIENDS: frozenset[str] = frozenset({
    "or", "pin", "ton", "rot", "rose", "carta", "collar", "plaid", "pelle", "seta", "rame", "noce", "teca",
    "marco", "lino", "tan", "vela", "petrol", "café",
})

# Phrases that name a term without making it a fact about the piece: the wood that fed a kiln is
# not a material of the pot. Matching them consumes their words and yields nothing.
NON_FACT_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("wood smoke", "wood ash", "fired with wood", "fired in wood", "wood kiln", "wood fire", "wood stove",
           # Laundry care, where "iron" is the verb: "do not iron", "iron on low".
           "do not iron", "don't iron", "not iron", "never iron", "iron on low", "iron low", "iron inside out",
           "cool iron", "warm iron", "steam iron", "iron on reverse", "iron on the reverse"),
    "de": ("Holzrauch", "Holzasche", "mit Holz gebrannt"),
    "fr": ("fumée de bois", "cendre de bois", "feu de bois", "four à bois"),
    "es": ("humo de leña", "ceniza de madera", "horno de leña", "fuego de leña"),
    "it": ("fumo di legna", "cenere di legna", "forno a legna", "fuoco di legna"),
}

# Two words before a term that negate it ("non smaltata", "not glazed", "sin esmaltar").
NEGATIONS: frozenset[str] = frozenset({
    "not", "no", "non", "without", "senza", "ohne", "nicht", "kein", "keine", "keinen", "keiner", "sans", "sin", "nunca", "never",
})

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and with of is for this to a an on in it was from by as its are".split()),
    "de": frozenset("der die das und mit ist für ein eine aus auf im den dem des nicht wird von zu".split()),
    "fr": frozenset("le la les et avec est pour un une des du de en sur dans au aux qui ce cette".split()),
    "es": frozenset("el la los las y con es para un una del de en por que este esta se al".split()),
    "it": frozenset("il lo la gli le e con è per un una di del della in che questo questa si al dal da".split()),
}
