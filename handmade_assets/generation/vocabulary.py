"""The controlled multilingual lexicon the fact extractor and the local composer share.

Each term maps a canonical English key to its surface forms per language. Forms are
'|'-separated; the first form of an output language (en, de, fr, es) is the one the composer
writes, the rest are only recognised. Italian is recognised but never written.

Because the embedded default cannot translate, every word the composer writes about a listing
comes from here: a fact is a key, and a key has a fixed, reviewed spelling in every locale.
"""

from __future__ import annotations

RECOGNISED_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it")
OUTPUT_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")

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
                     "brass", "bronze", "copper", "stainless steel", "steel"), "metal"),
    **dict.fromkeys(("pearl", "glass bead", "amethyst", "rose quartz", "labradorite", "moonstone"), "stone"),
    **dict.fromkeys(("wood", "oak", "walnut", "olive wood", "cherry wood", "maple", "beech", "ash wood", "pine", "teak", "bamboo"), "wood"),
    **dict.fromkeys(("cotton", "organic cotton", "linen", "wool", "merino", "alpaca", "silk", "jute", "hemp"), "fibre"),
    **dict.fromkeys(("leather", "vegetable-tanned leather", "faux leather"), "leather"),
    **dict.fromkeys(("wax", "beeswax", "soy wax", "coconut wax", "paraffin"), "wax"),
    **dict.fromkeys(("glass", "recycled glass"), "glass"),
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
    "silver": frozenset({"sterling silver", "recycled silver"}),
    "steel": frozenset({"stainless steel"}),
    "cotton": frozenset({"organic cotton"}),
    "wool": frozenset({"merino"}),
    "leather": frozenset({"vegetable-tanned leather"}),
    "glass": frozenset({"recycled glass"}),
    "paper": frozenset({"recycled paper"}),
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
# The category is a fact the seller declared; these materials follow from it when the listing
# names no body material of the category's family (a woodwork listing is made of wood).
CATEGORY_BASE_MATERIAL: dict[str, str] = {
    "ceramics": "ceramic", "woodwork": "wood", "leather": "leather", "glass": "glass", "paper": "paper",
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

# The attributive form used in a headline ("raku stoneware vase", "Raku-Vase", "vase raku").
# German, French and Spanish only carry the techniques whose name works as an invariant label.
TECHNIQUE_ATTRIBUTES: dict[str, dict[str, str]] = {
    "wheel-thrown": {"en": "wheel-thrown"}, "hand-built": {"en": "hand-built"},
    "raku": {"en": "raku", "de": "Raku", "fr": "raku", "es": "raku"},
    "horsehair raku": {"en": "horsehair raku", "de": "Rosshaar-Raku"},
    "saggar-fired": {"en": "saggar-fired", "de": "Saggar", "fr": "saggar", "es": "saggar"},
    "pit-fired": {"en": "pit-fired"}, "wood-fired": {"en": "wood-fired"}, "smoke-fired": {"en": "smoke-fired"},
    "kintsugi": {"en": "kintsugi", "de": "Kintsugi", "fr": "kintsugi", "es": "kintsugi"},
    "terra sigillata": {"en": "terra sigillata", "de": "Terra-Sigillata", "fr": "terra sigillata", "es": "terra sigillata"},
    "burnished": {"en": "burnished"}, "crackle": {"en": "crackle"}, "sgraffito": {"en": "sgraffito", "de": "Sgraffito"},
    "slip-cast": {"en": "slip-cast"}, "hand-painted": {"en": "hand-painted"}, "glassblowing": {"en": "hand-blown"},
    "lampwork": {"en": "lampwork"}, "fused glass": {"en": "fused glass"}, "engraved": {"en": "engraved"},
    "hammered": {"en": "hammered"}, "filigree": {"en": "filigree"}, "lost-wax casting": {"en": "lost-wax"},
    "hand-woven": {"en": "hand-woven"}, "knitted": {"en": "knitted"}, "crochet": {"en": "crocheted"},
    "embroidered": {"en": "embroidered"}, "block printing": {"en": "block-printed"},
    "batik": {"en": "batik", "de": "Batik", "fr": "batik", "es": "batik"},
    "shibori": {"en": "shibori", "de": "Shibori", "fr": "shibori", "es": "shibori"},
    "quilting": {"en": "quilted"}, "macramé": {"en": "macramé", "de": "Makramee", "fr": "macramé", "es": "macramé"},
    "felting": {"en": "felted"}, "woodturning": {"en": "hand-turned"}, "hand-carved": {"en": "hand-carved"},
    "hand-tooled": {"en": "hand-tooled"}, "hand-stitched": {"en": "hand-stitched"}, "bookbinding": {"en": "hand-bound"},
    "letterpress": {"en": "letterpress"}, "marbling": {"en": "marbled"}, "hand-dipped": {"en": "hand-dipped"},
    "hand-poured": {"en": "hand-poured"},
}

# General knowledge attached to a technique, not a claim about any listing. Each line names no
# lexicon term other than its own technique (or one it implies), so grounding stays checkable.
TECHNIQUE_HERITAGE: dict[str, dict[str, str]] = {
    "wheel-thrown": {
        "en": "Throwing on the potter's wheel has been practised for thousands of years: the form is raised by hand as the wheel turns.",
        "de": "Das Drehen auf der Töpferscheibe wird seit Jahrtausenden praktiziert: Die Form wächst unter den Händen, während sich die Scheibe dreht.",
        "fr": "Le tournage au tour de potier se pratique depuis des millénaires : la forme monte sous les mains pendant que le tour tourne.",
        "es": "El torno de alfarero se usa desde hace milenios: la forma se levanta con las manos mientras el torno gira.",
    },
    "hand-built": {
        "en": "Hand-building, with coils, slabs or pinching, is the oldest way of shaping forms, thousands of years older than throwing.",
        "de": "Der Aufbau von Hand – mit Wülsten, Platten oder durch Drücken – ist die älteste Art zu formen, Jahrtausende älter als das Drehen.",
        "fr": "Le montage à la main, par boudins, par plaques ou par pincement, est la plus ancienne façon de façonner, bien avant le tour.",
        "es": "El modelado a mano, con rollos, placas o pellizcos, es la forma más antigua de dar forma, miles de años más antigua que el torno.",
    },
    "raku": {
        "en": "Raku is a firing technique that began in 16th-century Kyoto: pieces are taken out of the kiln while still glowing hot.",
        "de": "Raku ist eine Brenntechnik, die im 16. Jahrhundert in Kyoto entstand: Die Stücke werden glühend heiß aus dem Ofen genommen.",
        "fr": "Le raku est une technique de cuisson née à Kyoto au XVIe siècle : les pièces sortent du four encore incandescentes.",
        "es": "El raku es una técnica de cocción nacida en Kioto en el siglo XVI: las piezas se sacan del horno todavía incandescentes.",
    },
    "horsehair raku": {
        "en": "Horsehair raku is a recent Western variation of raku: hair laid on the hot surface burns away and leaves fine smoky lines.",
        "de": "Rosshaar-Raku ist eine junge westliche Variante des Raku: Auf die heiße Oberfläche gelegte Haare verbrennen und hinterlassen feine, rauchige Linien.",
        "fr": "Le raku au crin de cheval est une variante occidentale récente du raku : les crins posés sur la surface brûlante y laissent de fines lignes de fumée.",
        "es": "El raku de crin de caballo es una variante occidental reciente del raku: las crines colocadas sobre la superficie caliente dejan finas líneas de humo.",
    },
    "saggar-fired": {
        "en": "Saggar firing encloses a piece in a closed container inside the kiln; once used to shield wares from flame and ash, it now captures marks from whatever is packed around the piece.",
        "de": "Beim Saggar-Brand liegt das Stück in einer geschlossenen Kapsel im Ofen – einst zum Schutz vor Flamme und Asche, heute, um Spuren der mitgebrannten Stoffe festzuhalten.",
        "fr": "La cuisson en saggar enferme la pièce dans une gazette fermée au sein du four : autrefois pour la protéger des flammes et des cendres, aujourd'hui pour capter les traces des matières qui l'entourent.",
        "es": "La cocción en saggar encierra la pieza en una caja cerrada dentro del horno: antes servía para protegerla de la llama y la ceniza; hoy, para captar las huellas de lo que la rodea.",
    },
    "pit-fired": {
        "en": "Pit firing is among the oldest ways of firing, practised for thousands of years: the pieces are fired in a pit in the ground, surrounded by burning fuel.",
        "de": "Der Grubenbrand gehört zu den ältesten Brennverfahren und wird seit Jahrtausenden praktiziert: Die Stücke brennen in einer Grube im Boden, umgeben von Brennmaterial.",
        "fr": "La cuisson en fosse compte parmi les plus anciennes méthodes de cuisson, pratiquée depuis des millénaires : les pièces cuisent dans une fosse creusée dans le sol, entourées de combustible.",
        "es": "La cocción en pozo es uno de los métodos de cocción más antiguos, practicado desde hace milenios: las piezas se cuecen en un hoyo en el suelo, rodeadas de combustible.",
    },
    "wood-fired": {
        "en": "Wood firing is the oldest way of heating a kiln; flame and ash travel through the chamber and mark each surface.",
        "de": "Der Holzbrand ist die älteste Art, einen Ofen zu befeuern; Flamme und Asche ziehen durch den Brennraum und zeichnen jede Oberfläche.",
        "fr": "La cuisson au bois est la plus ancienne façon de chauffer un four ; la flamme et les cendres traversent la chambre et marquent chaque surface.",
        "es": "La cocción con leña es la forma más antigua de calentar un horno; la llama y la ceniza recorren la cámara y marcan cada superficie.",
    },
    "smoke-fired": {
        "en": "Smoke firing is an old, low-temperature method in which the surface takes its markings from smoke.",
        "de": "Der Rauchbrand ist ein altes Niedrigbrandverfahren, bei dem die Oberfläche ihre Zeichnung vom Rauch erhält.",
        "fr": "L'enfumage est une méthode ancienne à basse température, où la surface reçoit ses marques de la fumée.",
        "es": "La cocción con humo es un método antiguo de baja temperatura en el que la superficie recibe sus marcas del humo.",
    },
    "kintsugi": {
        "en": "Kintsugi is the Japanese art of repairing breaks so that the mended seams stay visible, treating the repair as part of the object's history.",
        "de": "Kintsugi ist die japanische Kunst, Bruchstellen so zu reparieren, dass die Nähte sichtbar bleiben – die Reparatur wird Teil der Geschichte des Objekts.",
        "fr": "Le kintsugi est l'art japonais de réparer les cassures en laissant les réparations visibles, comme une part de l'histoire de l'objet.",
        "es": "El kintsugi es el arte japonés de reparar las roturas dejando visibles las uniones, como parte de la historia del objeto.",
    },
    "terra sigillata": {
        "en": "Terra sigillata is a very fine slip that gives a soft sheen; its name recalls the fine tableware of ancient Rome.",
        "de": "Terra Sigillata ist ein sehr feiner Schlicker, der einen sanften Glanz gibt; der Name erinnert an das feine Tafelgeschirr des antiken Rom.",
        "fr": "La terre sigillée est un engobe très fin qui donne un doux lustre ; son nom rappelle la vaisselle fine de la Rome antique.",
        "es": "La terra sigillata es un engobe muy fino que aporta un brillo suave; su nombre recuerda la fina vajilla de la antigua Roma.",
    },
    "burnished": {
        "en": "Burnishing, rubbing the surface before firing until it shines, is one of the oldest finishes known to potters.",
        "de": "Das Polieren, bei dem die Oberfläche vor dem Brand gerieben wird, bis sie glänzt, gehört zu den ältesten Oberflächenbehandlungen der Töpferei.",
        "fr": "Le brunissage, qui consiste à frotter la surface avant cuisson jusqu'à la faire briller, est l'une des plus anciennes finitions connues des potiers.",
        "es": "El bruñido, que consiste en frotar la superficie antes de la cocción hasta que brilla, es uno de los acabados más antiguos de la alfarería.",
    },
    "crackle": {
        "en": "A crackle pattern forms when a surface layer shrinks differently from the body beneath it as it cools; Chinese potters prized it as early as the Song dynasty.",
        "de": "Ein Craquelé entsteht, wenn eine Oberflächenschicht beim Abkühlen anders schwindet als der Körper darunter; chinesische Töpfer schätzten es schon in der Song-Dynastie.",
        "fr": "Le craquelé se forme quand une couche de surface se rétracte autrement que le corps de la pièce en refroidissant ; les potiers chinois l'appréciaient déjà sous les Song.",
        "es": "El craquelado se forma cuando una capa superficial se contrae de forma distinta al cuerpo de la pieza al enfriarse; los alfareros chinos ya lo apreciaban en la dinastía Song.",
    },
    "sgraffito": {
        "en": "Sgraffito, scratching through a top layer to reveal the colour beneath, takes its name from an Italian word meaning 'to scratch'.",
        "de": "Sgraffito – das Durchkratzen einer oberen Schicht, bis die Farbe darunter sichtbar wird – hat seinen Namen von einem italienischen Wort für „kratzen“.",
        "fr": "Le sgraffite, qui consiste à gratter une couche supérieure pour révéler la couleur en dessous, tire son nom d'un mot italien signifiant « gratter ».",
        "es": "El esgrafiado, que consiste en rascar una capa superior para descubrir el color de debajo, toma su nombre de una palabra italiana que significa «rascar».",
    },
    "hand-painted": {
        "en": "Painting by hand is one of the oldest ways of decorating objects, and it gives each piece its own brushwork.",
        "de": "Die Handbemalung gehört zu den ältesten Arten, Gegenstände zu verzieren, und gibt jedem Stück seine eigene Pinselschrift.",
        "fr": "La peinture à la main est l'une des plus anciennes façons de décorer les objets, et elle donne à chaque pièce son propre coup de pinceau.",
        "es": "La pintura a mano es una de las formas más antiguas de decorar objetos y da a cada pieza su propia pincelada.",
    },
    "glassblowing": {
        "en": "Glassblowing developed around the 1st century BC in the eastern Mediterranean and is still done by hand at the furnace.",
        "de": "Das Glasblasen entstand um das 1. Jahrhundert v. Chr. im östlichen Mittelmeerraum und wird bis heute von Hand am Ofen ausgeführt.",
        "fr": "Le soufflage est apparu vers le Ier siècle av. J.-C. en Méditerranée orientale et se pratique toujours à la main, devant le four.",
        "es": "El soplado surgió hacia el siglo I a. C. en el Mediterráneo oriental y todavía se hace a mano, frente al horno.",
    },
    "lampwork": {
        "en": "Lampworking, shaping rods over a flame, has a long tradition in Venice and Murano.",
        "de": "Die Lampenarbeit, das Formen von Stäben über einer Flamme, hat eine lange Tradition in Venedig und Murano.",
        "fr": "Le travail au chalumeau, qui façonne des baguettes à la flamme, a une longue tradition à Venise et à Murano.",
        "es": "El trabajo al soplete, que da forma a varillas sobre una llama, tiene una larga tradición en Venecia y Murano.",
    },
    "stained glass": {
        "en": "Stained glass flourished in the cathedral windows of medieval Europe.",
        "de": "Bleiverglasungen erlebten ihre Blüte in den Kathedralen des mittelalterlichen Europa.",
        "fr": "Le vitrail a connu son apogée dans les cathédrales de l'Europe médiévale.",
        "es": "Las vidrieras vivieron su apogeo en las catedrales de la Europa medieval.",
    },
    "engraved": {
        "en": "Engraving, cutting lines into a surface with a sharp tool, has decorated objects since antiquity.",
        "de": "Die Gravur, das Einschneiden von Linien mit einem scharfen Werkzeug, verziert Gegenstände seit der Antike.",
        "fr": "La gravure, qui entaille des lignes dans une surface avec un outil tranchant, orne les objets depuis l'Antiquité.",
        "es": "El grabado, que corta líneas en una superficie con una herramienta afilada, decora objetos desde la Antigüedad.",
    },
    "filigree": {
        "en": "Filigree, fine twisted threads of metal joined into lace-like patterns, has been made since antiquity.",
        "de": "Filigran – feine, gedrehte Metallfäden, zu spitzenartigen Mustern verbunden – wird seit der Antike gefertigt.",
        "fr": "Le filigrane, fait de fins fils de métal torsadés assemblés en motifs de dentelle, se pratique depuis l'Antiquité.",
        "es": "La filigrana, hecha de finos hilos de metal retorcidos unidos en dibujos como de encaje, se trabaja desde la Antigüedad.",
    },
    "lost-wax casting": {
        "en": "Lost-wax casting, in which a model is melted away to leave a mould for the metal, has been practised for more than five thousand years.",
        "de": "Das Wachsausschmelzverfahren, bei dem ein Modell ausgeschmolzen wird und eine Form für das Metall hinterlässt, ist seit mehr als fünftausend Jahren bekannt.",
        "fr": "La fonte à la cire perdue, où un modèle fondu laisse place à un moule pour le métal, se pratique depuis plus de cinq mille ans.",
        "es": "La fundición a la cera perdida, en la que un modelo se funde y deja un molde para el metal, se practica desde hace más de cinco mil años.",
    },
    "hand-woven": {
        "en": "Weaving by hand on a loom is one of humanity's oldest crafts, known for thousands of years.",
        "de": "Das Weben von Hand am Webstuhl gehört zu den ältesten Handwerken der Menschheit und ist seit Jahrtausenden bekannt.",
        "fr": "Le tissage à la main sur un métier est l'un des plus anciens savoir-faire de l'humanité, connu depuis des millénaires.",
        "es": "El tejido a mano en telar es uno de los oficios más antiguos de la humanidad, conocido desde hace milenios.",
    },
    "knitted": {
        "en": "Knitting is a centuries-old craft; some of the earliest known knitted pieces come from medieval Egypt.",
        "de": "Stricken ist ein jahrhundertealtes Handwerk; einige der frühesten bekannten Strickstücke stammen aus dem mittelalterlichen Ägypten.",
        "fr": "Le tricot est un savoir-faire plusieurs fois centenaire ; certaines des plus anciennes pièces tricotées connues viennent de l'Égypte médiévale.",
        "es": "El tejido de punto es un oficio de siglos; algunas de las piezas más antiguas que se conocen proceden del Egipto medieval.",
    },
    "crochet": {
        "en": "Crochet, working loops with a single hook, became widespread in Europe in the 19th century.",
        "de": "Häkeln, das Arbeiten von Maschen mit einer einzelnen Nadel, verbreitete sich in Europa im 19. Jahrhundert.",
        "fr": "Le crochet, qui forme des mailles avec une seule aiguille, s'est répandu en Europe au XIXe siècle.",
        "es": "El ganchillo, que forma lazadas con una sola aguja, se extendió por Europa en el siglo XIX.",
    },
    "embroidered": {
        "en": "Embroidery, decorating fabric with needle and thread, is practised in almost every culture and goes back thousands of years.",
        "de": "Stickerei, das Verzieren von Stoff mit Nadel und Faden, gibt es in fast jeder Kultur, und sie reicht Jahrtausende zurück.",
        "fr": "La broderie, qui orne le tissu à l'aiguille et au fil, existe dans presque toutes les cultures et remonte à des millénaires.",
        "es": "El bordado, que adorna la tela con aguja e hilo, existe en casi todas las culturas y se remonta a miles de años.",
    },
    "block printing": {
        "en": "Block printing, stamping patterns with carved blocks, has long traditions in India and China.",
        "de": "Der Modeldruck, bei dem Muster mit geschnitzten Holzmodeln gestempelt werden, hat in Indien und China eine lange Tradition.",
        "fr": "L'impression au bloc, qui imprime des motifs à l'aide de blocs sculptés, a de longues traditions en Inde et en Chine.",
        "es": "La estampación con bloques, que imprime dibujos con bloques tallados, tiene una larga tradición en la India y en China.",
    },
    "batik": {
        "en": "Batik is a resist-dyeing technique closely associated with Indonesia, whose batik UNESCO recognises as intangible cultural heritage.",
        "de": "Batik ist ein Reservefärbeverfahren, das eng mit Indonesien verbunden ist; die UNESCO erkennt die indonesische Batik als immaterielles Kulturerbe an.",
        "fr": "Le batik est une technique de teinture par réserve étroitement liée à l'Indonésie, dont le batik est reconnu par l'UNESCO comme patrimoine culturel immatériel.",
        "es": "El batik es una técnica de teñido por reserva muy ligada a Indonesia, cuyo batik reconoce la UNESCO como patrimonio cultural inmaterial.",
    },
    "shibori": {
        "en": "Shibori is the Japanese art of shaped resist dyeing: the cloth is folded, twisted or bound before it is dyed.",
        "de": "Shibori ist die japanische Kunst des Abbindefärbens: Der Stoff wird vor dem Färben gefaltet, gedreht oder abgebunden.",
        "fr": "Le shibori est l'art japonais de la teinture par réserve : le tissu est plié, tordu ou ligaturé avant d'être teint.",
        "es": "El shibori es el arte japonés del teñido por reserva: la tela se pliega, se retuerce o se ata antes de teñirla.",
    },
    "quilting": {
        "en": "Quilting, stitching layers of fabric together, has been practised for centuries in many parts of the world.",
        "de": "Quilten, das Zusammensteppen mehrerer Stofflagen, wird seit Jahrhunderten in vielen Teilen der Welt gepflegt.",
        "fr": "Le matelassage, qui consiste à piquer ensemble plusieurs épaisseurs de tissu, se pratique depuis des siècles dans de nombreuses régions du monde.",
        "es": "El acolchado, que consiste en coser juntas varias capas de tela, se practica desde hace siglos en muchas partes del mundo.",
    },
    "macramé": {
        "en": "Macramé, the craft of decorative knotting, has been practised for centuries and was long a pastime of sailors.",
        "de": "Makramee, die Kunst des dekorativen Knüpfens, wird seit Jahrhunderten gepflegt und war lange ein Zeitvertreib von Seeleuten.",
        "fr": "Le macramé, art des nœuds décoratifs, se pratique depuis des siècles et fut longtemps un passe-temps de marins.",
        "es": "El macramé, el arte de los nudos decorativos, se practica desde hace siglos y fue durante mucho tiempo un pasatiempo de marineros.",
    },
    "felting": {
        "en": "Felting, matting fibres together with moisture, heat and friction, is one of the oldest ways of making fabric.",
        "de": "Filzen, das Verdichten von Fasern mit Feuchtigkeit, Wärme und Reibung, ist eine der ältesten Arten, Stoff herzustellen.",
        "fr": "Le feutrage, qui lie les fibres par l'humidité, la chaleur et le frottement, est l'une des plus anciennes façons de fabriquer une étoffe.",
        "es": "El afieltrado, que une las fibras con humedad, calor y fricción, es una de las formas más antiguas de hacer tela.",
    },
    "woodturning": {
        "en": "Woodturning on a lathe is one of the oldest techniques of the workshop, already known in antiquity.",
        "de": "Das Drechseln gehört zu den ältesten Techniken der Holzbearbeitung und war schon in der Antike bekannt.",
        "fr": "Le tournage sur bois compte parmi les plus anciennes techniques d'atelier, déjà connue dans l'Antiquité.",
        "es": "El torneado de madera es una de las técnicas de taller más antiguas, conocida ya en la Antigüedad.",
    },
    "hand-carved": {
        "en": "Carving by hand is among the oldest of all crafts: every cut is made and judged by eye.",
        "de": "Das Schnitzen von Hand gehört zu den ältesten Handwerken überhaupt: Jeder Schnitt wird nach Augenmaß gesetzt.",
        "fr": "La sculpture à la main compte parmi les plus anciens savoir-faire : chaque entaille est faite et jugée à l'œil.",
        "es": "La talla a mano es uno de los oficios más antiguos: cada corte se hace y se juzga a ojo.",
    },
    "pyrography": {
        "en": "Pyrography, drawing with a heated point, takes its name from the Greek for 'writing with fire'.",
        "de": "Die Brandmalerei, das Zeichnen mit einer erhitzten Spitze, heißt nach dem Griechischen auch Pyrografie, „Schreiben mit Feuer“.",
        "fr": "La pyrogravure, le dessin à la pointe chauffée, tire son nom du grec : « écrire avec le feu ».",
        "es": "El pirograbado, el dibujo con una punta caliente, toma su nombre del griego «escribir con fuego».",
    },
    "hand-tooled": {
        "en": "Tooling, pressing and cutting patterns into the dampened surface, is a traditional decoration of saddlers and bookbinders.",
        "de": "Das Punzieren, bei dem Muster in die angefeuchtete Oberfläche gedrückt und geschnitten werden, ist eine traditionelle Verzierung von Sattlern und Buchbindern.",
        "fr": "La ciselure, qui consiste à presser et inciser des motifs dans la surface humidifiée, est un décor traditionnel des selliers et des relieurs.",
        "es": "El repujado, que consiste en presionar y marcar dibujos en la superficie humedecida, es una decoración tradicional de guarnicioneros y encuadernadores.",
    },
    "hand-stitched": {
        "en": "Stitching by hand, one stitch at a time, is the traditional method of saddlers and bookbinders.",
        "de": "Das Nähen von Hand, Stich für Stich, ist die traditionelle Arbeitsweise von Sattlern und Buchbindern.",
        "fr": "La couture à la main, point par point, est la méthode traditionnelle des selliers et des relieurs.",
        "es": "La costura a mano, puntada a puntada, es el método tradicional de guarnicioneros y encuadernadores.",
    },
    "bookbinding": {
        "en": "Binding by hand goes back to the first codices of late antiquity.",
        "de": "Das Binden von Hand reicht bis zu den ersten Kodizes der Spätantike zurück.",
        "fr": "La reliure à la main remonte aux premiers codex de l'Antiquité tardive.",
        "es": "La encuadernación a mano se remonta a los primeros códices de la Antigüedad tardía.",
    },
    "letterpress": {
        "en": "Letterpress goes back to Gutenberg's movable type in 15th-century Mainz.",
        "de": "Der Buchdruck geht auf Gutenbergs bewegliche Lettern im Mainz des 15. Jahrhunderts zurück.",
        "fr": "La typographie remonte aux caractères mobiles de Gutenberg, à Mayence, au XVe siècle.",
        "es": "La impresión tipográfica se remonta a los tipos móviles de Gutenberg en la Maguncia del siglo XV.",
    },
    "marbling": {
        "en": "Marbling, floating colours on a liquid bath and lifting the pattern off, was practised in Japan as suminagashi and later in Persia and the Ottoman world as ebru.",
        "de": "Marmorieren – Farben auf einem Flüssigkeitsbad treiben lassen und das Muster abheben – wurde in Japan als Suminagashi und später in Persien und im Osmanischen Reich als Ebru gepflegt.",
        "fr": "La marbrure, qui fait flotter des couleurs sur un bain avant d'en relever le motif, était pratiquée au Japon sous le nom de suminagashi, puis en Perse et dans le monde ottoman sous le nom d'ebru.",
        "es": "El marmoleado, que hace flotar colores sobre un baño para luego levantar el dibujo, se practicaba en Japón como suminagashi y después en Persia y el mundo otomano como ebru.",
    },
    "hand-dipped": {
        "en": "Hand dipping, lowering a wick again and again into a molten bath, is the traditional way candles have been made for centuries.",
        "de": "Beim Kerzenziehen wird ein Docht immer wieder in eine geschmolzene Masse getaucht – seit Jahrhunderten die traditionelle Art, Kerzen herzustellen.",
        "fr": "Le trempage à la main, qui plonge une mèche encore et encore dans un bain fondu, est la façon traditionnelle de fabriquer des bougies depuis des siècles.",
        "es": "La inmersión a mano, que sumerge una mecha una y otra vez en un baño fundido, es la forma tradicional de hacer velas desde hace siglos.",
    },
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
# The first form in de/fr/es carries the grammatical gender ("f:Vase"); "pair of earrings" and
# friends keep every object singular so that articles and verbs agree.


def _o(category: str, en: str, de: str, fr: str, es: str, it: str) -> dict:
    entry: dict = {"category": category, "gender": {}}
    for lang, spec in zip(RECOGNISED_LANGUAGES, (en, de, fr, es, it), strict=True):
        forms = list(_split(spec))
        if lang in ("de", "fr", "es"):
            gender, _, forms[0] = forms[0].partition(":")
            entry["gender"][lang] = gender
        entry[lang] = tuple(forms)
    return entry


OBJECTS: dict[str, dict] = {
    "vase": _o("ceramics", "vase|vases|bud vase|flower vase", "f:Vase|Vasen", "m:vase|vases", "m:jarrón|jarrones|florero|floreros", "vaso|vasi|vasetto"),
    "bowl": _o("ceramics", "bowl|bowls", "f:Schale|Schalen|Schüssel", "m:bol|bols", "m:cuenco|cuencos|bol", "ciotola|ciotole"),
    "mug": _o("ceramics", "mug|mugs", "m:Becher|Kaffeebecher", "m:mug|mugs", "m:tazón|tazones", "mug|boccale"),
    "cup": _o("ceramics", "cup|cups|teacup|chawan", "f:Tasse|Tassen", "f:tasse|tasses", "f:taza|tazas", "tazza|tazze|tazzina"),
    "plate": _o("ceramics", "plate|plates", "m:Teller", "f:assiette|assiettes", "m:plato|platos", "piatto|piatti"),
    "planter": _o("ceramics", "planter|planters|plant pot|flower pot", "m:Übertopf|Pflanztopf|Blumentopf", "m:cache-pot|cache-pots",
                  "f:maceta|macetas", "fioriera|vaso per piante"),
    "candle holder": _o("ceramics", "candle holder|candleholder|candle holders|candlestick|tealight holder", "m:Kerzenhalter|Teelichthalter|Kerzenständer",
                        "m:bougeoir|bougeoirs|photophore", "m:portavelas|candelero", "portacandele|candeliere|porta candela"),
    "teapot": _o("ceramics", "teapot", "f:Teekanne", "f:théière", "f:tetera", "teiera"),
    "jug": _o("ceramics", "jug|pitcher|jugs|pitchers", "m:Krug", "m:pichet", "f:jarra", "brocca|caraffa"),
    "vessel": _o("ceramics", "vessel|vessels", "n:Gefäß|Gefäße", "m:récipient|récipients", "m:recipiente|recipientes|vasija", "contenitore|recipiente"),
    "tray": _o("ceramics", "tray|trays", "n:Tablett", "m:plateau", "f:bandeja", "vassoio"),
    "sculpture": _o("ceramics", "sculpture|figurine", "f:Skulptur|Figur", "f:sculpture|figurine", "f:escultura|figura", "scultura|statuetta"),
    "tile": _o("ceramics", "tile|tiles", "f:Fliese|Kachel", "m:carreau", "m:azulejo", "piastrella"),
    "necklace": _o("jewelry", "necklace|necklaces", "f:Halskette|Kette", "m:collier", "m:collar|collares", "collana"),
    "pendant": _o("jewelry", "pendant|pendants", "m:Anhänger", "m:pendentif", "m:colgante", "ciondolo|pendente"),
    "ring": _o("jewelry", "ring|rings", "m:Ring", "f:bague|anneau", "m:anillo", "anello|anelli"),
    "earrings": _o("jewelry", "pair of earrings|earrings|earring|ear studs", "n:Paar Ohrringe|Ohrringe|Ohrring|Ohrstecker",
                   "f:paire de boucles d'oreilles|boucles d'oreilles|boucle d'oreille", "m:par de pendientes|pendientes", "orecchini|orecchino"),
    "bracelet": _o("jewelry", "bracelet|bracelets|bangle", "n:Armband", "m:bracelet", "f:pulsera", "braccialetto|bracciale"),
    "brooch": _o("jewelry", "brooch", "f:Brosche", "f:broche", "m:broche", "spilla"),
    "scarf": _o("textiles", "scarf|scarves", "m:Schal|Halstuch", "f:écharpe|foulard", "f:bufanda|pañuelo", "sciarpa|foulard"),
    "shawl": _o("textiles", "shawl|wrap", "f:Stola", "m:châle", "m:chal", "scialle"),
    "blanket": _o("textiles", "blanket|throw", "f:Decke|Wolldecke", "f:couverture|plaid", "f:manta", "coperta|plaid"),
    "cushion cover": _o("textiles", "cushion cover|pillow cover|cushion|pillow", "f:Kissenhülle|Kissenbezug|Kissen", "f:housse de coussin|coussin",
                        "f:funda de cojín|cojín", "federa|copricuscino|cuscino"),
    "tea towel": _o("textiles", "tea towel|dish towel|kitchen towel", "n:Geschirrtuch", "m:torchon", "m:paño de cocina", "strofinaccio|canovaccio"),
    "table runner": _o("textiles", "table runner", "m:Tischläufer", "m:chemin de table", "m:camino de mesa", "runner da tavola"),
    "rug": _o("textiles", "rug|rugs", "m:Teppich", "m:tapis", "f:alfombra", "tappeto"),
    "wall hanging": _o("textiles", "wall hanging", "m:Wandbehang", "f:tenture murale", "m:tapiz", "arazzo"),
    "hat": _o("textiles", "hat|beanie", "f:Mütze", "m:bonnet", "m:gorro", "cappello|berretto"),
    "cutting board": _o("woodwork", "cutting board|chopping board|serving board|charcuterie board", "n:Schneidebrett|Servierbrett",
                        "f:planche à découper|planche", "f:tabla de cortar|tabla", "tagliere"),
    "spoon": _o("woodwork", "spoon|spoons", "m:Löffel", "f:cuillère|cuiller", "f:cuchara", "cucchiaio"),
    "box": _o("woodwork", "box|boxes", "f:Schachtel|Kiste", "f:boîte", "f:caja", "scatola"),
    "coaster": _o("woodwork", "coaster|coasters", "m:Untersetzer", "m:dessous de verre", "m:posavasos", "sottobicchiere"),
    "frame": _o("woodwork", "picture frame|frame", "m:Bilderrahmen|Rahmen", "m:cadre", "m:marco", "cornice"),
    "candle": _o("candles", "candle|candles", "f:Kerze|Kerzen", "f:bougie|bougies", "f:vela|velas", "candela|candele"),
    "wallet": _o("leather", "wallet|billfold", "f:Geldbörse|Portemonnaie|Brieftasche", "m:portefeuille", "f:cartera|billetera", "portafoglio"),
    "bag": _o("leather", "bag|handbag|tote bag|tote|shoulder bag", "f:Tasche|Handtasche", "m:sac|sac à main", "m:bolso|bolsa", "borsa|borsetta"),
    "belt": _o("leather", "belt", "m:Gürtel", "f:ceinture", "m:cinturón", "cintura"),
    "card holder": _o("leather", "card holder|cardholder|card wallet", "n:Kartenetui", "m:porte-cartes", "m:tarjetero", "portacarte|porta carte"),
    "keyring": _o("leather", "keyring|key ring|keychain|key chain|key fob", "m:Schlüsselanhänger", "m:porte-clés|porte-clé", "m:llavero", "portachiavi"),
    "ornament": _o("glass", "ornament|bauble|christmas ornament", "n:Ornament|Christbaumkugel|Weihnachtskugel", "m:ornement|boule de noël",
                   "m:adorno|adornos", "decorazione|addobbo|pallina di natale"),
    "suncatcher": _o("glass", "suncatcher|sun catcher", "m:Sonnenfänger|Fensterschmuck", "m:attrape-soleil", "m:atrapasoles", "acchiappasole"),
    "paperweight": _o("glass", "paperweight", "m:Briefbeschwerer", "m:presse-papier|presse-papiers", "m:pisapapeles", "fermacarte"),
    "notebook": _o("paper", "notebook|journal|sketchbook", "n:Notizbuch|Skizzenbuch|Tagebuch", "m:carnet", "m:cuaderno", "quaderno|taccuino"),
    "greeting card": _o("paper", "greeting card|card|cards", "f:Grußkarte|Karte|Klappkarte", "f:carte de vœux|carte",
                        "f:tarjeta de felicitación|tarjeta", "biglietto|biglietto d'auguri"),
    "art print": _o("paper", "art print|print|prints", "m:Kunstdruck", "f:estampe|affiche", "f:lámina|impresión artística", "stampa d'arte|stampa"),
}

# What a piece is called when no object type is known.
GENERIC_OBJECT: dict[str, tuple[str, str]] = {"en": ("", "piece"), "de": ("n", "Stück"), "fr": ("f", "pièce"), "es": ("f", "pieza")}

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

REVIEW_PHRASES: dict[str, dict[str, str]] = {
    "material": {"en": "the materials", "de": "die Materialien", "fr": "les matériaux", "es": "los materiales"},
    "finish": {"en": "the finish", "de": "die Qualität der Oberfläche", "fr": "la finition", "es": "el acabado"},
    "size_fit": {"en": "the size", "de": "die Größe", "fr": "la taille", "es": "el tamaño"},
    "durability": {"en": "its sturdiness", "de": "die Stabilität", "fr": "la solidité", "es": "la solidez"},
    "colour_accuracy": {"en": "how closely the colours match the photos", "de": "die Farbtreue zu den Fotos",
                        "fr": "la fidélité des couleurs aux photos", "es": "la fidelidad de los colores a las fotos"},
    "packaging": {"en": "the careful packaging", "de": "die sorgfältige Verpackung", "fr": "l'emballage soigné", "es": "el embalaje cuidadoso"},
    "gift_worthiness": {"en": "its appeal as a gift", "de": "die Eignung als Geschenk", "fr": "son intérêt comme cadeau",
                        "es": "su atractivo como regalo"},
    "craftsmanship": {"en": "the craftsmanship", "de": "die handwerkliche Qualität", "fr": "la qualité de fabrication", "es": "la calidad artesanal"},
    "value": {"en": "the value for money", "de": "das Preis-Leistungs-Verhältnis", "fr": "le rapport qualité-prix", "es": "la relación calidad-precio"},
    "shipping": {"en": "the fast shipping", "de": "die schnelle Lieferung", "fr": "la rapidité de la livraison", "es": "la rapidez del envío"},
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
    "en": ("wood smoke", "wood ash", "fired with wood", "fired in wood", "wood kiln", "wood fire", "wood stove"),
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

# --- locale phrasing ------------------------------------------------------------------------

LIST_AND: dict[str, str] = {"en": "and", "de": "und", "fr": "et", "es": "y"}
DECIMAL_COMMA: frozenset[str] = frozenset({"de", "fr", "es"})

DIMENSION_LABELS: dict[str, dict[str, str]] = {
    "height": {"en": "height", "de": "Höhe", "fr": "hauteur", "es": "altura"},
    "width": {"en": "width", "de": "Breite", "fr": "largeur", "es": "anchura"},
    "depth": {"en": "depth", "de": "Tiefe", "fr": "profondeur", "es": "profundidad"},
    "length": {"en": "length", "de": "Länge", "fr": "longueur", "es": "longitud"},
    "diameter": {"en": "Ø", "de": "Ø", "fr": "Ø", "es": "Ø"},
}
UNIT_NAMES: dict[str, dict[str, str]] = {
    "in": {"en": "in", "de": "Zoll", "fr": "pouces", "es": "pulgadas"},
    "mm": {"en": "mm", "de": "mm", "fr": "mm", "es": "mm"},
    "cm": {"en": "cm", "de": "cm", "fr": "cm", "es": "cm"},
    "m": {"en": "m", "de": "m", "fr": "m", "es": "m"},
}

# Labels for the bullet list; "[singular|plural]" is resolved by the number of items.
LABELS: dict[str, dict[str, str]] = {
    "en": {"materials": "[Material|Materials]", "techniques": "[Technique|Techniques]", "colours": "[Colour|Colours]",
           "dimensions": "Dimensions", "care": "Care", "reviews": "Buyers mention", "handmade": "Handmade", "category": "Category",
           "no_dimensions": "Dimensions: not stated in the listing, ask before ordering", "sep": ": "},
    "de": {"materials": "[Material|Materialien]", "techniques": "[Technik|Techniken]", "colours": "[Farbe|Farben]",
           "dimensions": "Maße", "care": "Pflege", "reviews": "Käufer erwähnen", "handmade": "Handgemacht", "category": "Kategorie",
           "no_dimensions": "Maße: im Inserat nicht angegeben, bitte vor der Bestellung erfragen", "sep": ": "},
    "fr": {"materials": "[Matériau|Matériaux]", "techniques": "[Technique|Techniques]", "colours": "[Couleur|Couleurs]",
           "dimensions": "Dimensions", "care": "Entretien", "reviews": "Les acheteurs citent", "handmade": "Fait main", "category": "Catégorie",
           "no_dimensions": "Dimensions : non précisées dans l'annonce, à demander avant de commander", "sep": " : "},
    "es": {"materials": "[Material|Materiales]", "techniques": "[Técnica|Técnicas]", "colours": "[Color|Colores]",
           "dimensions": "Medidas", "care": "Cuidado", "reviews": "Los compradores destacan", "handmade": "Hecho a mano", "category": "Categoría",
           "no_dimensions": "Medidas: no indicadas en el anuncio, consultar antes de pedir", "sep": ": "},
}

# Category names that are not lexicon terms, so naming the category never asserts a material.
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "ceramics": {"en": "pottery", "de": "Töpferware", "fr": "poterie", "es": "alfarería"},
    "jewelry": {"en": "jewellery", "de": "Schmuck", "fr": "bijouterie", "es": "joyería"},
    "textiles": {"en": "textiles", "de": "Textilien", "fr": "textile", "es": "textil"},
    "woodwork": {"en": "woodwork", "de": "Holzhandwerk", "fr": "ébénisterie", "es": "ebanistería"},
    "candles": {"en": "candles", "de": "Kerzen", "fr": "bougies", "es": "velas"},
    "leather": {"en": "leatherwork", "de": "Lederwaren", "fr": "maroquinerie", "es": "marroquinería"},
    "glass": {"en": "glassware", "de": "Glaswaren", "fr": "verrerie", "es": "cristalería"},
    "paper": {"en": "stationery", "de": "Papeterie", "fr": "papeterie", "es": "papelería"},
}
# The sentence that names the category; its keywords are the label and the gift phrase.
CATEGORY_SENTENCE: dict[str, tuple[str, str]] = {
    "en": ("Listed under {label}, the piece would also make a thoughtful gift idea.", "gift idea"),
    "de": ("Eingestellt unter {label}, ist das Stück auch eine schöne Geschenkidee.", "Geschenkidee"),
    "fr": ("Présentée dans la catégorie {label}, la pièce est aussi une belle idée cadeau.", "idée cadeau"),
    "es": ("Incluida en la categoría {label}, la pieza es también una bonita idea de regalo.", "idea de regalo"),
}

# General care advice per category: nothing here asserts a property of a particular piece.
CARE: dict[str, dict[str, str]] = {
    "ceramics": {
        "en": "Dust it with a soft, dry cloth, and check the care notes in the listing before using it with water or food.",
        "de": "Mit einem weichen, trockenen Tuch abstauben und vor dem Gebrauch mit Wasser oder Lebensmitteln die Pflegehinweise im Inserat beachten.",
        "fr": "Dépoussiérer avec un chiffon doux et sec, et consulter les conseils de l'annonce avant tout usage avec de l'eau ou des aliments.",
        "es": "Quitar el polvo con un paño suave y seco, y consultar las indicaciones del anuncio antes de cualquier uso con agua o alimentos.",
    },
    "jewelry": {
        "en": "Keep it dry, store it apart from other pieces and wipe it with a soft cloth after wearing.",
        "de": "Trocken und getrennt von anderen Stücken aufbewahren und nach dem Tragen mit einem weichen Tuch abwischen.",
        "fr": "Conserver au sec, à l'écart des autres bijoux, et essuyer avec un chiffon doux après chaque port.",
        "es": "Guardar en un lugar seco y aparte de otras joyas, y limpiar con un paño suave después de cada uso.",
    },
    "textiles": {
        "en": "If care instructions are given, follow them; otherwise wash gently by hand in cool water and dry flat.",
        "de": "Vorhandene Pflegehinweise befolgen; sonst sanft von Hand in kühlem Wasser waschen und liegend trocknen.",
        "fr": "Suivre les consignes d'entretien fournies ; à défaut, laver délicatement à l'eau froide, à la main, et sécher à plat.",
        "es": "Seguir las instrucciones de cuidado si las hay; si no, lavar suavemente con agua fría, a mano, y secar en plano.",
    },
    "woodwork": {
        "en": "Wipe it with a damp cloth, dry it straight away and keep it out of the dishwasher and long soaks.",
        "de": "Mit einem feuchten Tuch abwischen, sofort abtrocknen und weder in die Spülmaschine geben noch lange einweichen.",
        "fr": "Essuyer avec un chiffon humide, sécher aussitôt, et éviter le lave-vaisselle comme les trempages prolongés.",
        "es": "Limpiar con un paño húmedo, secar enseguida y evitar el lavavajillas y los remojos prolongados.",
    },
    "candles": {
        "en": "Trim the wick before each burn and never leave a burning candle unattended.",
        "de": "Den Docht vor jedem Anzünden kürzen und eine brennende Kerze nie unbeaufsichtigt lassen.",
        "fr": "Recouper la mèche avant chaque utilisation et ne jamais laisser une bougie allumée sans surveillance.",
        "es": "Recortar la mecha antes de cada uso y no dejar nunca una vela encendida sin vigilancia.",
    },
    "leather": {
        "en": "Keep it dry and away from direct heat, and treat it now and then with a suitable balm.",
        "de": "Trocken und fern von direkter Hitze halten und gelegentlich mit einem geeigneten Pflegebalsam behandeln.",
        "fr": "Garder au sec, loin d'une source de chaleur directe, et nourrir de temps en temps avec un baume adapté.",
        "es": "Mantener en seco y lejos del calor directo, y tratar de vez en cuando con un bálsamo adecuado.",
    },
    "glass": {
        "en": "Handle it with care, clean it with a soft cloth and avoid sudden changes of temperature.",
        "de": "Vorsichtig handhaben, mit einem weichen Tuch reinigen und plötzliche Temperaturwechsel vermeiden.",
        "fr": "Manipuler avec précaution, nettoyer avec un chiffon doux et éviter les brusques changements de température.",
        "es": "Manipular con cuidado, limpiar con un paño suave y evitar los cambios bruscos de temperatura.",
    },
    "paper": {
        "en": "Keep it dry and out of direct sunlight.",
        "de": "Trocken und vor direktem Sonnenlicht geschützt aufbewahren.",
        "fr": "Conserver au sec et à l'abri de la lumière directe du soleil.",
        "es": "Guardar en un lugar seco y protegido de la luz solar directa.",
    },
}

CARE["default"] = {
    "en": "Handle it with care and clean it gently with a soft, dry cloth.",
    "de": "Vorsichtig handhaben und sanft mit einem weichen, trockenen Tuch reinigen.",
    "fr": "Manipuler avec soin et nettoyer délicatement avec un chiffon doux et sec.",
    "es": "Manipular con cuidado y limpiar suavemente con un paño suave y seco.",
}

# Green claims the composer must never make unless the facts carry them (e.g. "organic cotton").
UNSUPPORTED_CLAIMS: dict[str, tuple[str, ...]] = {
    "en": ("eco-friendly", "eco friendly", "sustainable", "sustainably", "organic", "biodegradable", "environmentally friendly",
           "zero waste", "carbon neutral", "recycled", "non-toxic", "plastic-free"),
    "de": ("umweltfreundlich", "nachhaltig", "biologisch", "ökologisch", "bio-", "biologisch abbaubar", "klimaneutral", "recycelt", "plastikfrei"),
    "fr": ("écologique", "éco-responsable", "durable", "biologique", "bio ", "biodégradable", "neutre en carbone", "recyclé", "zéro déchet"),
    "es": ("ecológico", "ecológica", "sostenible", "orgánico", "orgánica", "biodegradable", "reciclado", "reciclada", "residuo cero"),
}

# --- persona phrase banks -------------------------------------------------------------------
# Placeholders: {This_head}/{this_head} (demonstrative + headline, nominative), {materials},
# {techniques}, {colours}, {Colours}, {colours_de} (French "de gris…/d'orange…"),
# {The_obj_colour} (definite article + object + first colour), {dims}, {reviews}, {care},
# {e} (French feminine agreement with the object), {o} (Spanish o/a agreement with the object).
# "[a|b]" picks a for one item and b for several. Slots whose facts are missing are skipped.

PERSONA_PHRASES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "material_enthusiast": {
        "en": {
            "open": ("Materials come first with {this_thing}: {materials}.",
                     "For anyone who chooses a piece by what it is made of, {this_thing} is worth a closer look: it brings together {materials}.",
                     "{This_thing} starts with its materials: {materials}."),
            "open_bare": ("The listing for {this_head} names no materials, so this description stays with the facts it does give.",
                          "{This_head} is presented here through what its listing states; it does not name its materials."),
            "colours": ("Across the surface, the material shows {colours} tones.",
                        "The surface moves through {colours} tones, best seen up close."),
            "techniques": ("[The technique that worked the material|The techniques that worked the material]: {techniques}.",
                           "The material was shaped and finished through {techniques}."),
            "handmade": ("It is handmade, so the material has passed through a maker's hands rather than a production line.",),
            "dims": ("For scale: {dims}.",),
            "care": ("A few simple habits keep the surface at its best. {care}",),
            "reviews": ("In their reviews, buyers single out {reviews}.",),
            "close": ("Material first, everything else second: that is the way to enjoy this piece.",
                      "It is a piece to appreciate first through what it is made of."),
            "filler": ("Materials behave differently under the hand, in heat and over time, so it is worth asking for more detail about them.",
                       "Seen up close, every surface tells you something about how it was made."),
        },
        "de": {
            "open": ("Zuerst zu den Materialien: {This_thing} besteht aus {materials}.",
                     "Wer nach dem Material auswählt, sollte genauer hinsehen: {This_thing} vereint {materials}.",
                     "{This_thing} beginnt bei den Materialien: {materials}."),
            "open_bare": ("{This_head} wird ohne Materialangaben angeboten, daher hält sich diese Beschreibung an die vorhandenen Fakten.",
                          "{This_head} wird hier anhand der Angaben im Inserat beschrieben; Materialien nennt das Inserat nicht."),
            "colours": ("Auf der Oberfläche zeigt das Material Töne in {colours}.",
                        "Farblich bewegt sich die Oberfläche in {colours} – am besten aus der Nähe zu sehen."),
            "techniques": ("[Bearbeitet wurde das Material mit dieser Technik|Bearbeitet wurde das Material mit diesen Techniken]: {techniques}.",
                           "Geformt und vollendet wurde das Material durch {techniques}."),
            "handmade": ("Das Stück ist handgemacht: Das Material ist durch die Hände eines Menschen gegangen und nicht über ein Fließband.",),
            "dims": ("Zur Einordnung der Größe: {dims}.",),
            "care": ("Damit die Oberfläche schön bleibt, helfen einfache Gewohnheiten. {care}",),
            "reviews": ("In Bewertungen betonen Käuferinnen und Käufer {reviews}.",),
            "close": ("Erst das Material, dann alles andere: So lässt sich dieses Stück am besten genießen.",
                      "Ein Stück, das man zuerst über sein Material kennenlernt."),
            "filler": ("Materialien verhalten sich unter der Hand, in der Hitze und mit der Zeit unterschiedlich, daher lohnt sich eine Nachfrage zu den Einzelheiten.",
                       "Aus der Nähe betrachtet verrät jede Oberfläche etwas darüber, wie sie entstanden ist."),
        },
        "fr": {
            "open": ("Les matériaux d'abord : {this_thing} est réalisé{e} en {materials}.",
                     "Pour qui choisit un objet selon sa matière, {this_thing} mérite un regard attentif. Matériaux : {materials}.",
                     "{This_thing} commence par ses matériaux : {materials}."),
            "open_bare": ("L'annonce de {this_head} ne précise pas ses matériaux : cette description s'en tient donc aux faits indiqués.",
                          "{This_head} est présenté{e} ici à partir des informations de l'annonce, qui ne précise pas ses matériaux."),
            "colours": ("En surface, la matière se décline en {colours}.",
                        "La surface se décline en {colours}, à regarder de près."),
            "techniques": ("[Technique qui a travaillé la matière|Techniques qui ont travaillé la matière] : {techniques}.",
                           "La matière a été façonnée et finie par {techniques}."),
            "handmade": ("La pièce est faite main : la matière est passée entre des mains humaines, pas sur une chaîne de production.",),
            "dims": ("Pour l'échelle : {dims}.",),
            "care": ("Pour garder une belle surface, quelques gestes simples suffisent. {care}",),
            "reviews": ("Dans leurs avis, les acheteurs relèvent {reviews}.",),
            "close": ("La matière d'abord, le reste ensuite : c'est ainsi qu'on apprécie cette pièce.",
                      "Une pièce à découvrir d'abord par ce qui la compose."),
            "filler": ("Chaque matière réagit différemment sous la main, à la chaleur et avec le temps ; pour en savoir plus, il suffit de demander.",
                       "Vue de près, chaque surface raconte un peu la façon dont elle a été faite."),
        },
        "es": {
            "open": ("Primero, los materiales: {this_thing} está hech{o} de {materials}.",
                     "Para quien elige por el material, {this_thing} merece una mirada atenta. Materiales: {materials}.",
                     "{This_thing} empieza por sus materiales: {materials}."),
            "open_bare": ("El anuncio de {this_head} no indica sus materiales, así que esta descripción se limita a los datos que sí ofrece.",
                          "{This_head} se presenta a partir de los datos del anuncio, que no indica sus materiales."),
            "colours": ("En la superficie, el material se presenta en {colours}.",
                        "La superficie se mueve entre tonos de {colours}, mejor vistos de cerca."),
            "techniques": ("[Técnica que trabajó el material|Técnicas que trabajaron el material]: {techniques}.",
                           "El material se ha formado y acabado mediante {techniques}."),
            "handmade": ("La pieza está hecha a mano: el material ha pasado por manos humanas y no por una cadena de producción.",),
            "dims": ("Para hacerse una idea del tamaño: {dims}.",),
            "care": ("Para mantener la superficie en buen estado bastan unos gestos sencillos. {care}",),
            "reviews": ("En sus reseñas, los compradores resaltan {reviews}.",),
            "close": ("Primero el material, después todo lo demás: así se disfruta esta pieza.",
                      "Una pieza para conocer, ante todo, por aquello de lo que está hecha."),
            "filler": ("Cada material reacciona de forma distinta bajo la mano, con el calor y con el tiempo; para más detalles, basta con preguntar.",
                       "Vista de cerca, cada superficie cuenta algo de cómo se hizo."),
        },
    },
    "sustainability_advocate": {
        "en": {
            "open": ("{This_head} is a piece to keep and look after rather than replace.",
                     "Buying fewer things and caring for them well starts with a piece like {this_head}.",
                     "{This_head} is best chosen with the long term in mind."),
            "care": ("Care is what keeps a piece in use for years. {care}", "Looking after it is straightforward. {care}"),
            "materials": ("Knowing what a piece is made of helps you look after it: {materials}.",
                          "Its materials are stated plainly: {materials}."),
            "techniques": ("It was made through {techniques}; ask how that process affects its care if you are unsure.",),
            "handmade": ("It is handmade, made by a person rather than a production line.",),
            "colours": ("In colour, it shows {colours} tones.",),
            "dims": ("Measurements: {dims}.",),
            "reviews": ("Buyers' reviews mention {reviews}.",),
            "close": ("Chosen with care and looked after well, a piece like this can stay with you for a long time.",
                      "The most considered purchase is the one you keep."),
            "filler": ("A piece that is looked after stays in use for longer, which is the simplest way to waste less.",
                       "If you are unsure how to care for it, ask before you start."),
        },
        "de": {
            "open": ("{This_head} ist ein Stück zum Behalten und Pflegen, nicht zum Ersetzen.",
                     "Weniger kaufen und gut pflegen – dazu passt {this_head}.",
                     "{This_head} ist eine Anschaffung für lange Zeit, wenn man sie gut pflegt."),
            "care": ("Pflege hält ein Stück über Jahre in Gebrauch. {care}", "Die Pflege ist unkompliziert. {care}"),
            "materials": ("Wer das Material eines Stücks kennt, kann es richtig pflegen: {materials}.",
                          "Die Materialien sind klar benannt: {materials}."),
            "techniques": ("Hergestellt wurde das Stück durch {techniques}; wie sich das auf die Pflege auswirkt, lässt sich im Zweifel erfragen.",),
            "handmade": ("Das Stück ist handgemacht – von einem Menschen gefertigt, nicht von einer Fertigungsstraße.",),
            "colours": ("Farblich zeigt das Stück Töne in {colours}.",),
            "dims": ("Maße: {dims}.",),
            "reviews": ("Käuferinnen und Käufer heben {reviews} hervor.",),
            "close": ("Mit Bedacht gewählt und gut gepflegt, kann ein solches Stück lange bleiben.",
                      "Der durchdachteste Kauf ist der, den man lange behält."),
            "filler": ("Ein gepflegtes Stück bleibt länger in Gebrauch – der einfachste Weg, weniger zu verschwenden.",
                       "Wer bei der Pflege unsicher ist, fragt am besten vorher nach."),
        },
        "fr": {
            "open": ("{This_head} est une pièce à garder et à entretenir plutôt qu'à remplacer.",
                     "Acheter moins et prendre soin de ce que l'on a : {this_head} s'y prête bien.",
                     "{This_head} se choisit pour longtemps, à condition d'en prendre soin."),
            "care": ("L'entretien est ce qui garde une pièce en usage pendant des années. {care}", "L'entretien est simple. {care}"),
            "materials": ("Savoir de quoi une pièce est faite aide à bien l'entretenir. Matériaux : {materials}.",
                          "Les matériaux sont indiqués clairement : {materials}."),
            "techniques": ("La pièce a été réalisée par {techniques} ; en cas de doute sur l'entretien qui en découle, il suffit de demander.",),
            "handmade": ("La pièce est faite main, par une personne et non par une chaîne de production.",),
            "colours": ("Côté couleurs, la pièce se décline en {colours}.",),
            "dims": ("Dimensions : {dims}.",),
            "reviews": ("Les avis des acheteurs soulignent {reviews}.",),
            "close": ("Choisie avec soin et bien entretenue, une telle pièce peut vous accompagner longtemps.",
                      "L'achat le plus réfléchi est celui que l'on garde."),
            "filler": ("Une pièce entretenue reste plus longtemps en usage : c'est la façon la plus simple de moins gaspiller.",
                       "En cas de doute sur l'entretien, mieux vaut demander avant de commencer."),
        },
        "es": {
            "open": ("{This_head} es una pieza para conservar y cuidar, no para sustituir.",
                     "Comprar menos y cuidar bien lo que se tiene: {this_head} encaja en esa idea.",
                     "{This_head} se elige para mucho tiempo, siempre que se cuide bien."),
            "care": ("El cuidado es lo que mantiene una pieza en uso durante años. {care}", "El cuidado es sencillo. {care}"),
            "materials": ("Saber de qué está hecha una pieza ayuda a cuidarla bien. Materiales: {materials}.",
                          "Los materiales se indican con claridad: {materials}."),
            "techniques": ("La pieza se ha realizado mediante {techniques}; para saber cómo influye eso en su cuidado, basta con preguntar.",),
            "handmade": ("La pieza está hecha a mano, por una persona y no por una cadena de producción.",),
            "colours": ("En cuanto al color, la pieza se presenta en {colours}.",),
            "dims": ("Medidas: {dims}.",),
            "reviews": ("Las reseñas de los compradores destacan {reviews}.",),
            "close": ("Elegida con cuidado y bien cuidada, una pieza así puede acompañarte mucho tiempo.",
                      "La compra más pensada es la que se conserva."),
            "filler": ("Una pieza bien cuidada sigue en uso más tiempo: es la forma más sencilla de desperdiciar menos.",
                       "Si tienes dudas sobre el cuidado, lo mejor es preguntar antes de empezar."),
        },
    },
    "heritage_historian": {
        "en": {
            "open": ("The techniques behind {this_head} each have a history of their own.",
                     "To understand {this_head}, it helps to know where its techniques come from."),
            "open_bare": ("{This_head} is described here without named techniques, so its story begins with the facts its listing does give.",),
            "techniques": ("[Its technique|Its techniques]: {techniques}.", "It was made using {techniques}."),
            "materials": ("It is made of {materials}.", "Its materials are {materials}."),
            "colours": ("Its palette: {colours}.",),
            "handmade": ("It is handmade, continuing the long habit of making things by hand.",),
            "dims": ("Size, as recorded in the listing: {dims}.",),
            "reviews": ("Earlier buyers have noted {reviews}.",),
            "care": ("{care}",),
            "close": ("Every technique was once new; what lasts is the care with which it is practised.",
                      "Knowing where a technique comes from adds a layer of meaning to the piece itself."),
            "filler": ("Crafts are passed on from maker to maker, and each piece adds a little to that story.",
                       "Every process has a history of its own, and it is worth asking about."),
        },
        "de": {
            "open": ("{This_head} ist mit Techniken entstanden, die jeweils ihre eigene Geschichte haben.",
                     "{This_head} lässt sich am besten über die Herkunft der Techniken verstehen, mit denen das Stück entstand."),
            "open_bare": ("{This_head} wird ohne Angaben zu Techniken angeboten; die Geschichte beginnt daher bei den Fakten, die das Inserat nennt.",),
            "techniques": ("[Verwendete Technik|Verwendete Techniken]: {techniques}.", "Entstanden ist das Stück durch {techniques}."),
            "materials": ("Das Stück besteht aus {materials}.", "Die Materialien: {materials}."),
            "colours": ("Die Farbpalette: {colours}.",),
            "handmade": ("Das Stück ist handgemacht und setzt damit die lange Gewohnheit fort, Dinge von Hand herzustellen.",),
            "dims": ("Größe, wie im Inserat angegeben: {dims}.",),
            "reviews": ("Frühere Käuferinnen und Käufer nennen {reviews}.",),
            "care": ("{care}",),
            "close": ("Jede Technik war einmal neu; was bleibt, ist die Sorgfalt, mit der sie ausgeübt wird.",
                      "Zu wissen, woher eine Technik stammt, gibt dem Stück selbst eine weitere Bedeutungsebene."),
            "filler": ("Handwerk wird von Mensch zu Mensch weitergegeben, und jedes Stück fügt dieser Geschichte etwas hinzu.",
                       "Jeder Herstellungsprozess hat seine eigene Geschichte, und die Nachfrage danach lohnt sich."),
        },
        "fr": {
            "open": ("Les techniques derrière {this_head} ont chacune leur propre histoire.",
                     "Pour comprendre {this_head}, il est utile de savoir d'où viennent ses techniques."),
            "open_bare": ("{This_head} est présenté{e} sans technique précisée ; son histoire commence donc avec les faits que donne l'annonce.",),
            "techniques": ("[Technique employée|Techniques employées] : {techniques}.", "La pièce a été réalisée par {techniques}."),
            "materials": ("Matériaux : {materials}.", "La pièce est réalisée en {materials}."),
            "colours": ("Sa palette : {colours}.",),
            "handmade": ("La pièce est faite main, dans la longue tradition des objets façonnés par la main humaine.",),
            "dims": ("Dimensions relevées dans l'annonce : {dims}.",),
            "reviews": ("Des acheteurs précédents ont noté {reviews}.",),
            "care": ("{care}",),
            "close": ("Chaque technique a été nouvelle un jour ; ce qui dure, c'est le soin avec lequel on la pratique.",
                      "Savoir d'où vient une technique ajoute une part de sens à la pièce elle-même."),
            "filler": ("Les savoir-faire se transmettent d'artisan en artisan, et chaque pièce ajoute un peu à cette histoire.",
                       "Chaque procédé a sa propre histoire, et il vaut la peine de la demander."),
        },
        "es": {
            "open": ("Las técnicas detrás de {this_head} tienen cada una su propia historia.",
                     "Para entender {this_head}, conviene saber de dónde vienen sus técnicas."),
            "open_bare": ("{This_head} se presenta sin técnicas indicadas; su historia empieza, por tanto, con los datos que da el anuncio.",),
            "techniques": ("[Técnica empleada|Técnicas empleadas]: {techniques}.", "La pieza se realizó mediante {techniques}."),
            "materials": ("Materiales: {materials}.", "La pieza está hecha de {materials}."),
            "colours": ("Su paleta: {colours}.",),
            "handmade": ("La pieza está hecha a mano, en la larga tradición de los objetos elaborados por manos humanas.",),
            "dims": ("Medidas según el anuncio: {dims}.",),
            "reviews": ("Compradores anteriores han señalado {reviews}.",),
            "care": ("{care}",),
            "close": ("Cada técnica fue nueva alguna vez; lo que perdura es el cuidado con que se practica.",
                      "Saber de dónde viene una técnica añade un nivel de sentido a la propia pieza."),
            "filler": ("Los oficios se transmiten de artesano a artesano, y cada pieza suma un poco a esa historia.",
                       "Cada proceso tiene su propia historia, y vale la pena preguntar por ella."),
        },
    },
    "functionality_reviewer": {
        "en": {
            "open": ("Here are the practical facts about {this_head}.",
                     "What to know before buying {this_head}, in brief.",
                     "{This_head}, described for practical buyers."),
            "dims": ("Measurements as stated: {dims}.", "Size: {dims}."),
            "no_dims": ("The listing gives no measurements, so ask for exact sizes before ordering.",),
            "materials": ("[Material|Materials]: {materials}.",),
            "techniques": ("Made with: {techniques}.", "[Technique|Techniques]: {techniques}."),
            "colours": ("[Colour|Colours]: {colours}.",),
            "care": ("Care: {care}",),
            "handmade": ("As it is handmade, small differences from the photos are normal.",),
            "reviews": ("Buyers' reviews point to {reviews}.",),
            "close": ("If you have a particular use in mind, check the details before ordering.",
                      "For questions about use or fit, ask before you buy."),
            "filler": ("Check the photos closely and ask about anything that matters for the way you plan to use it.",),
        },
        "de": {
            "open": ("{This_head} – die praktischen Fakten im Überblick.",
                     "{This_head}, beschrieben für alle, die es genau wissen wollen.",
                     "{This_head} in Kürze: das Wichtigste vor dem Kauf."),
            "dims": ("Maße laut Inserat: {dims}.", "Größe: {dims}."),
            "no_dims": ("Das Inserat nennt keine Maße; bitte vor der Bestellung die genauen Abmessungen erfragen.",),
            "materials": ("[Material|Materialien]: {materials}.",),
            "techniques": ("[Technik|Techniken]: {techniques}.",),
            "colours": ("[Farbe|Farben]: {colours}.",),
            "care": ("Pflege: {care}",),
            "handmade": ("Da das Stück handgemacht ist, sind kleine Abweichungen von den Fotos normal.",),
            "reviews": ("Käuferbewertungen nennen {reviews}.",),
            "close": ("Wer eine bestimmte Verwendung plant, klärt die Details am besten vor der Bestellung.",
                      "Bei Fragen zu Verwendung und Passform hilft eine kurze Nachfrage vor dem Kauf."),
            "filler": ("Die Fotos genau ansehen und alles erfragen, was für die geplante Verwendung wichtig ist.",),
        },
        "fr": {
            "open": ("Voici l'essentiel pratique sur {this_head}.",
                     "Ce qu'il faut savoir avant d'acheter {this_head}, en bref.",
                     "{This_head}, présenté{e} pour qui veut des informations concrètes."),
            "dims": ("Dimensions indiquées : {dims}.", "Taille : {dims}."),
            "no_dims": ("L'annonce ne précise pas de dimensions : demandez les mesures exactes avant de commander.",),
            "materials": ("[Matériau|Matériaux] : {materials}.",),
            "techniques": ("[Technique|Techniques] : {techniques}.",),
            "colours": ("[Couleur|Couleurs] : {colours}.",),
            "care": ("Entretien : {care}",),
            "handmade": ("La pièce étant faite main, de petites différences avec les photos sont normales.",),
            "reviews": ("Les avis des acheteurs mettent en avant {reviews}.",),
            "close": ("Pour un usage particulier, vérifiez les détails avant de commander.",
                      "Pour toute question d'usage ou de taille, n'hésitez pas à demander avant l'achat."),
            "filler": ("Regardez bien les photos et demandez tout détail important pour l'usage que vous prévoyez.",),
        },
        "es": {
            "open": ("Lo práctico sobre {this_head}, en breve.",
                     "Lo que conviene saber antes de comprar {this_head}.",
                     "{This_head}, descrit{o} para quien busca datos concretos."),
            "dims": ("Medidas indicadas: {dims}.", "Tamaño: {dims}."),
            "no_dims": ("El anuncio no indica medidas: pregunta las dimensiones exactas antes de hacer el pedido.",),
            "materials": ("[Material|Materiales]: {materials}.",),
            "techniques": ("[Técnica|Técnicas]: {techniques}.",),
            "colours": ("[Color|Colores]: {colours}.",),
            "care": ("Cuidado: {care}",),
            "handmade": ("Al estar hecha a mano, es normal que la pieza presente pequeñas diferencias con las fotos.",),
            "reviews": ("Las reseñas de los compradores señalan {reviews}.",),
            "close": ("Si piensas en un uso concreto, comprueba los detalles antes de hacer el pedido.",
                      "Ante cualquier duda sobre uso o tamaño, pregunta antes de comprar."),
            "filler": ("Mira bien las fotos y pregunta cualquier detalle importante para el uso que tengas en mente.",),
        },
    },
    "maker_advocate": {
        "en": {
            "open": ("Behind {this_head} is the work of a maker.",
                     "{This_head} is the result of a maker's decisions at every step."),
            "handmade": ("It is made by hand.", "It is handmade, with all the time and attention that implies."),
            "techniques": ("The process: {techniques}.", "The maker worked with {techniques}."),
            "materials": ("The maker chose {materials}.", "Materials used: {materials}."),
            "colours": ("The finished surface shows {colours} tones.",),
            "dims": ("Finished size: {dims}.",),
            "reviews": ("Buyers have praised {reviews}.",),
            "care": ("{care}",),
            "close": ("Buying it supports the maker who made it.",
                      "Choosing a piece like this supports the people who make things."),
            "filler": ("It is always worth asking how a piece was made.",
                       "Each stage of a process like this takes skill and time."),
        },
        "de": {
            "open": ("{This_head} ist das Ergebnis der Entscheidungen eines Menschen bei jedem Arbeitsschritt.",
                     "{This_head} ist von Anfang bis Ende die Arbeit einer Handwerkerin oder eines Handwerkers."),
            "handmade": ("Das Stück ist handgemacht.", "Das Stück ist handgemacht, mit all der Zeit und Aufmerksamkeit, die das bedeutet."),
            "techniques": ("Der Arbeitsprozess: {techniques}.", "Gearbeitet wurde mit {techniques}."),
            "materials": ("Die gewählten Materialien: {materials}.",),
            "colours": ("Die fertige Oberfläche zeigt Töne in {colours}.",),
            "dims": ("Fertige Maße: {dims}.",),
            "reviews": ("Käuferinnen und Käufer loben {reviews}.",),
            "care": ("{care}",),
            "close": ("Wer dieses Stück kauft, unterstützt den Menschen, der es gemacht hat.",
                      "Ein solches Stück zu wählen, unterstützt Menschen, die Dinge selbst herstellen."),
            "filler": ("Wie ein Stück entstanden ist, lässt sich jederzeit erfragen.",
                       "Jeder Schritt eines solchen Prozesses braucht Können und Zeit."),
        },
        "fr": {
            "open": ("Derrière {this_head}, il y a le travail d'une personne.",
                     "{This_head} est le fruit de choix faits à chaque étape par la personne qui l'a réalisé{e}."),
            "handmade": ("La pièce est faite main.", "La pièce est faite main, avec tout le temps et l'attention que cela suppose."),
            "techniques": ("Le procédé : {techniques}.", "Le travail s'est fait par {techniques}."),
            "materials": ("[Matériau choisi|Matériaux choisis] : {materials}.",),
            "colours": ("La surface finie se décline en {colours}.",),
            "dims": ("Dimensions finales : {dims}.",),
            "reviews": ("Les acheteurs saluent {reviews}.",),
            "care": ("{care}",),
            "close": ("Acheter cette pièce, c'est soutenir la personne qui l'a réalisée.",
                      "Choisir une pièce comme celle-ci, c'est soutenir celles et ceux qui fabriquent les objets."),
            "filler": ("Il vaut toujours la peine de demander comment une pièce a été faite.",
                       "Chaque étape d'un tel procédé demande du savoir-faire et du temps."),
        },
        "es": {
            "open": ("Detrás de {this_head} está el trabajo de una persona.",
                     "{This_head} es el resultado de las decisiones que tomó, en cada paso, quien l{o} hizo."),
            "handmade": ("La pieza está hecha a mano.", "La pieza está hecha a mano, con todo el tiempo y la atención que eso supone."),
            "techniques": ("El proceso: {techniques}.", "Se ha trabajado con {techniques}."),
            "materials": ("[Material elegido|Materiales elegidos]: {materials}.",),
            "colours": ("La superficie terminada se presenta en {colours}.",),
            "dims": ("Medidas finales: {dims}.",),
            "reviews": ("Los compradores elogian {reviews}.",),
            "care": ("{care}",),
            "close": ("Comprar esta pieza es apoyar a la persona que la hizo.",
                      "Elegir una pieza así es apoyar a quienes hacen las cosas."),
            "filler": ("Siempre vale la pena preguntar cómo se hizo una pieza.",
                       "Cada paso de un proceso así requiere oficio y tiempo."),
        },
    },
    "visual_poet": {
        "en": {
            "open": ("Let the eye rest on {this_head}.",
                     "Light finds its way around {this_head} and settles on its form.",
                     "{This_head}: first the form, then the colour."),
            "colours": ("{Colours} tones play across the surface as the light changes.",
                        "{The_obj_colour} changes with the light, between {colours} tones."),
            "no_colours": ("The listing names no colours, so let the photos show them.",),
            "materials": ("Beneath the colour lies the material: {materials}.",),
            "techniques": ("Its form was shaped through {techniques}.",),
            "dims": ("Its proportions, in numbers: {dims}.",),
            "reviews": ("Buyers speak of {reviews}.",),
            "care": ("{care}",),
            "close": ("Place it where the light changes through the day and watch it change too.",
                      "A quiet presence, slightly different in every light."),
            "filler": ("Every hour of the day shows a surface a little differently, and every angle a slightly different outline.",),
        },
        "de": {
            "open": ("{This_head} lädt den Blick zum Verweilen ein.",
                     "{This_head} fängt das Licht und gibt ihm Form.",
                     "{This_head}: zuerst die Form, dann die Farbe."),
            "colours": ("Töne in {colours} spielen über die Oberfläche, während sich das Licht verändert.",
                        "{The_obj_colour} verändert sich mit dem Licht, zwischen Tönen in {colours}."),
            "no_colours": ("Das Inserat nennt keine Farben – die Fotos zeigen sie am besten.",),
            "materials": ("Unter der Farbe liegt das Material: {materials}.",),
            "techniques": ("Die Form entstand durch {techniques}.",),
            "dims": ("Die Proportionen in Zahlen: {dims}.",),
            "reviews": ("Käuferinnen und Käufer erwähnen {reviews}.",),
            "care": ("{care}",),
            "close": ("Am schönsten wirkt das Stück dort, wo sich das Licht im Laufe des Tages verändert.",
                      "Eine stille Präsenz, in jedem Licht ein wenig anders."),
            "filler": ("Jede Tageszeit zeigt eine Oberfläche ein wenig anders, jeder Blickwinkel einen etwas anderen Umriss.",),
        },
        "fr": {
            "open": ("Laissez le regard se poser sur {this_head}.",
                     "La lumière glisse sur {this_head} et en révèle la forme.",
                     "{This_head} : d'abord la forme, puis la couleur."),
            "colours": ("Des tons {colours_de} jouent sur la surface au gré de la lumière.",
                        "{The_obj_colour} change avec la lumière, entre des tons {colours_de}."),
            "no_colours": ("L'annonce ne précise pas de couleurs : laissez les photos les montrer.",),
            "materials": ("Sous la couleur, la matière : {materials}.",),
            "techniques": ("La forme a été obtenue par {techniques}.",),
            "dims": ("Ses proportions, en chiffres : {dims}.",),
            "reviews": ("Les acheteurs évoquent {reviews}.",),
            "care": ("{care}",),
            "close": ("Placez la pièce là où la lumière change au fil du jour, et regardez-la changer aussi.",
                      "Une présence discrète, un peu différente sous chaque lumière."),
            "filler": ("Chaque heure du jour montre une surface un peu autrement, et chaque angle une silhouette légèrement différente.",),
        },
        "es": {
            "open": ("Deja que la mirada se pose en {this_head}.",
                     "La luz se desliza sobre {this_head} y revela su forma.",
                     "{This_head}: primero la forma, después el color."),
            "colours": ("Tonos de {colours} juegan sobre la superficie a medida que cambia la luz.",
                        "{The_obj_colour} cambia con la luz, entre tonos de {colours}."),
            "no_colours": ("El anuncio no indica colores: deja que las fotos los muestren.",),
            "materials": ("Bajo el color, el material: {materials}.",),
            "techniques": ("La forma se obtuvo mediante {techniques}.",),
            "dims": ("Sus proporciones, en cifras: {dims}.",),
            "reviews": ("Los compradores mencionan {reviews}.",),
            "care": ("{care}",),
            "close": ("Coloca la pieza donde la luz cambie a lo largo del día y mírala cambiar también.",
                      "Una presencia serena, algo distinta con cada luz."),
            "filler": ("Cada hora del día muestra una superficie de forma un poco distinta, y cada ángulo una silueta algo diferente.",),
        },
    },
}

# The order in which each persona writes about the facts; "heritage" only for the historian.
PERSONA_ORDER: dict[str, tuple[str, ...]] = {
    "material_enthusiast": ("open", "colours", "techniques", "handmade", "dims", "reviews", "care", "close"),
    "sustainability_advocate": ("open", "care", "materials", "techniques", "handmade", "colours", "dims", "reviews", "close"),
    "heritage_historian": ("open", "techniques", "heritage", "materials", "colours", "handmade", "dims", "reviews", "care", "close"),
    "functionality_reviewer": ("open", "dims", "materials", "techniques", "colours", "care", "handmade", "reviews", "close"),
    "maker_advocate": ("open", "handmade", "techniques", "materials", "colours", "dims", "reviews", "care", "close"),
    "visual_poet": ("open", "colours", "materials", "techniques", "dims", "reviews", "care", "close"),
}
PERSONA_BULLET_ORDER: dict[str, tuple[str, ...]] = {
    "material_enthusiast": ("materials", "colours", "techniques", "dimensions", "care", "reviews", "handmade"),
    "sustainability_advocate": ("care", "materials", "handmade", "techniques", "dimensions", "reviews", "colours"),
    "heritage_historian": ("techniques", "materials", "handmade", "colours", "dimensions", "care", "reviews"),
    "functionality_reviewer": ("dimensions", "materials", "care", "colours", "techniques", "reviews", "handmade"),
    "maker_advocate": ("handmade", "techniques", "materials", "colours", "dimensions", "reviews", "care"),
    "visual_poet": ("colours", "materials", "techniques", "dimensions", "care", "reviews", "handmade"),
}
PERSONA_TAGLINES: dict[str, dict[str, str]] = {
    "material_enthusiast": {"en": "Described through its materials.", "de": "Beschrieben über die Materialien.",
                            "fr": "Une présentation par les matériaux.", "es": "Una presentación a través de los materiales."},
    "sustainability_advocate": {"en": "A piece to keep and care for.", "de": "Ein Stück zum Behalten und Pflegen.",
                                "fr": "Une pièce à garder et à entretenir.", "es": "Una pieza para conservar y cuidar."},
    "heritage_historian": {"en": "With the history of its techniques.", "de": "Mit der Geschichte der Techniken.",
                           "fr": "Avec l'histoire des techniques.", "es": "Con la historia de las técnicas."},
    "functionality_reviewer": {"en": "Size, materials and care at a glance.", "de": "Maße, Materialien und Pflege auf einen Blick.",
                               "fr": "Dimensions, matériaux et entretien en bref.", "es": "Medidas, materiales y cuidado de un vistazo."},
    "maker_advocate": {"en": "The maker's work, step by step.", "de": "Die Arbeit hinter dem Stück, Schritt für Schritt.",
                       "fr": "Le travail de l'artisan, étape par étape.", "es": "El trabajo del artesano, paso a paso."},
    "visual_poet": {"en": "Colour, light and form.", "de": "Farbe, Licht und Form.", "fr": "Couleur, lumière et forme.",
                    "es": "Color, luz y forma."},
}
