"""A synthetic corpus of historical listing descriptions with their engagement, for retrieval.

Production holds about a million real descriptions; the embedded default and the tests use this
stand-in. What matters is that lengths and vocabulary look like real listings and that categories
are told apart by their words (nearest neighbours in embedding space should share a category),
not that every sentence is fine prose.

Length calibration: the 27 real descriptions in
/work/shared/data/sabaceramics_listings/EtsyListingsDownload.csv (column DESCRIZIONE, measured
with pandas `str.len()`) run from 338 to 1,289 characters, median 764, mean 743; log-length has
mean 6.56 and standard deviation 0.34. Titles (TITOLO) average 78 characters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

from handmade_assets.taxonomy import CATEGORIES, LOCALES

HISTORICAL_COLUMNS: tuple[str, ...] = (
    "listing_id",
    "category",
    "language",
    "title",
    "description",
    "materials",
    "impressions",
    "purchases",
    "conversion_rate",
    "successful",
)

# Jewellery and ceramics dominate handmade marketplaces; paper and glass are niche.
CATEGORY_SHARES: dict[str, float] = {
    "jewelry": 0.27,
    "ceramics": 0.21,
    "textiles": 0.13,
    "woodwork": 0.10,
    "candles": 0.09,
    "leather": 0.08,
    "glass": 0.06,
    "paper": 0.06,
}
# The shop locales plus Italian, which old listings carry (the real export is half Italian).
HISTORICAL_LANGUAGES: tuple[str, ...] = (*LOCALES, "it")
LANGUAGE_SHARES: dict[str, float] = {"en": 0.80, "de": 0.06, "fr": 0.06, "es": 0.04, "it": 0.04}

DESCRIPTION_LOG_MEAN, DESCRIPTION_LOG_SD = 6.56, 0.34
DESCRIPTION_MIN_CHARS, DESCRIPTION_MAX_CHARS = 340, 1300
SUCCESS_SHARE = 0.30  # the best-converting share of each category counts as successful

# Typical conversion by category; a listing's own quality moves it up or down.
_BASE_CONVERSION: dict[str, float] = {
    "jewelry": 0.025,
    "ceramics": 0.022,
    "textiles": 0.018,
    "woodwork": 0.020,
    "candles": 0.030,
    "leather": 0.017,
    "glass": 0.015,
    "paper": 0.028,
}
_IMPRESSIONS_LOG_MEAN, _IMPRESSIONS_LOG_SD, _MIN_IMPRESSIONS = 6.3, 1.0, 10
# Better listings are described in more detail and convert better, so successful examples in
# retrieval are also the informative ones.
_QUALITY_ON_CONVERSION, _QUALITY_ON_LENGTH = 0.45, 0.08
# Per category: (low, high) of the three numbers its dimensions sentence uses.
_DIMENSION_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "ceramics": ((6, 30), (6, 28), (1, 1)),
    "jewelry": ((6, 35), (1, 1), (1, 1)),
    "textiles": ((30, 200), (30, 180), (1, 1)),
    "woodwork": ((12, 60), (10, 40), (1, 4)),
    "candles": ((20, 70), (1, 1), (80, 450)),
    "leather": ((8, 30), (7, 25), (1, 1)),
    "glass": ((6, 30), (1, 1), (1, 1)),
    "paper": ((10, 50), (15, 70), (180, 350)),
}


@dataclass(frozen=True)
class CategoryWords:
    objects: tuple[str, ...]
    materials: tuple[str, ...]
    techniques: tuple[str, ...]
    colours: tuple[str, ...]
    uses: tuple[str, ...]
    # Whole sentences only this category would say: care, surface, how it is made.
    details: tuple[str, ...]
    dimensions: str
    craft: str
    variation: str


def _words(**fields: str) -> CategoryWords:
    values = {
        name: tuple(p.strip() for p in value.split("|")) if "|" in value else value.strip()
        for name, value in fields.items()
    }
    for name in ("objects", "materials", "techniques", "colours", "uses", "details"):
        if isinstance(values[name], str):
            values[name] = (values[name],)
    return CategoryWords(**values)


_EN = {
    "ceramics": _words(
        objects="mug|bowl|vase|bud vase|plate|planter|teapot|serving platter|espresso cup"
        "|ramen bowl|pitcher|incense holder",
        materials="stoneware|porcelain|earthenware|terracotta|speckled clay|food-safe glaze",
        techniques="thrown on the potter's wheel|hand-built from slabs|pinched by hand"
        "|raku fired|saggar fired with copper and sawdust|glazed and fired to 1240 °C",
        colours="speckled white|celadon green|cobalt blue|rust brown|sage green|matte black"
        "|oatmeal|sea blue|smoky grey",
        uses="Perfect for your morning coffee or tea.|Lovely for serving salads and fruit."
        "|Made to hold fresh or dried flowers.|It makes a quiet centrepiece on a dining table.",
        details="The glaze is food safe, and the piece is dishwasher and microwave safe."
        "|The foot is left unglazed so you can feel the raw clay."
        "|Glaze pools in the throwing lines and breaks to a lighter tone on the rims."
        "|Hand washing will keep the glaze bright for years.",
        dimensions="It stands about {a} cm tall and measures {b} cm across.",
        craft="throwing pots",
        variation="shape, glaze and speckling",
    ),
    "jewelry": _words(
        objects="necklace|pendant necklace|ring|stacking ring|bracelet|cuff bracelet"
        "|stud earrings|hoop earrings|drop earrings|anklet|brooch|charm necklace",
        materials="sterling silver|14k gold fill|brass|rose gold|moonstone|freshwater pearls"
        "|labradorite|recycled silver|garnet",
        techniques="hand-forged and hammered|soldered and polished to a high shine"
        "|oxidised and brushed|wire-wrapped by hand|bezel-set|cast from a hand-carved wax",
        colours="bright silver|warm gold|rose gold|iridescent blue|deep green|blush pink"
        "|antique silver|creamy white",
        uses="Easy to wear every day, from the office to dinner."
        "|It layers beautifully with other necklaces and chains."
        "|A lovely bridesmaid or birthday gift.|Made to be worn on special occasions.",
        details="Nickel free and gentle on sensitive skin."
        "|It arrives in a small cotton pouch inside a gift box."
        "|Remove before swimming or showering, and polish with the cloth provided."
        "|The hammered surface catches the light with every movement.",
        dimensions="It measures about {a} mm at its widest point.",
        craft="making jewellery",
        variation="hammer marks and the stone's natural inclusions",
    ),
    "textiles": _words(
        objects="scarf|throw blanket|cushion cover|tote bag|table runner|tea towel"
        "|wall hanging|beanie|shawl|baby blanket",
        materials="merino wool|organic cotton|linen|alpaca yarn|silk|hemp|cotton canvas",
        techniques="hand-woven on a floor loom|hand-knitted|block printed by hand"
        "|naturally dyed with plants|embroidered by hand|crocheted stitch by stitch",
        colours="mustard yellow|indigo|natural oatmeal|terracotta|charcoal grey|dusty rose"
        "|forest green|cream and rust stripes",
        uses="Perfect for chilly evenings on the sofa.|It brings warmth to a bed or armchair."
        "|Lovely on a dining table for everyday meals.|A soft and thoughtful nursery gift.",
        details="Hand wash cold and dry flat to keep its shape."
        "|The weave is soft, dense and drapes beautifully."
        "|The fringe is knotted by hand at both ends."
        "|Natural fibres breathe and get softer with every wash.",
        dimensions="It measures {a} x {b} cm.",
        craft="weaving and knitting",
        variation="weave, tension and dye",
    ),
    "woodwork": _words(
        objects="cutting board|serving board|salad bowl|wooden spoon|jewelry box"
        "|floating shelf|coaster set|picture frame|cheese board|keepsake box",
        materials="walnut|oak|cherry|maple|olive wood|reclaimed pine|ash",
        techniques="carved by hand|turned on the lathe|joined with hand-cut dovetails"
        "|sanded through six grits|finished with food-safe oil and beeswax|steam-bent",
        colours="warm honey|dark chocolate|natural blond|rich amber|two-tone walnut and maple",
        uses="Made for serving cheese, bread and charcuterie.|Built for everyday kitchen use."
        "|It keeps a desk or dresser tidy.|A handsome piece for a bookshelf or mantel.",
        details="Hand wash only and oil occasionally with food-safe mineral oil."
        "|The grain of the wood makes every piece unique."
        "|Edges are rounded and sanded silky smooth."
        "|Small knots and figure in the timber are left visible on purpose.",
        dimensions="It measures {a} x {b} cm and is {c} cm thick.",
        craft="woodworking",
        variation="grain, colour and figure",
    ),
    "candles": _words(
        objects="soy candle|pillar candle|container candle|candle tin|wax melts"
        "|tealight set|beeswax taper candles|massage candle",
        materials="soy wax|beeswax|coconut wax|rapeseed wax|cotton wick|wooden wick|essential oils",
        techniques="hand-poured|poured in small batches|cured for two weeks"
        "|scented with essential oils|rolled by hand from beeswax sheets",
        colours="ivory|amber glass|sage|soft lavender|natural honey|smoky black jar",
        uses="Perfect for a relaxing bath or slow evening.|Lovely on a bedside table."
        "|A cosy housewarming gift.|It fills a living room with a gentle scent.",
        details="Trim the wick to 5 mm before each burn and never leave a burning candle "
        "unattended.|The scent is subtle yet fills the whole room."
        "|Burn for two hours the first time so the wax melts evenly to the edge."
        "|Notes of cedar, bergamot and a hint of vanilla.",
        dimensions="It holds {c} g of wax and burns for around {a} hours.",
        craft="pouring candles",
        variation="the wax surface and frosting",
    ),
    "leather": _words(
        objects="wallet|card holder|belt|leather tote|crossbody bag|passport cover|key fob"
        "|watch strap|journal cover|dog collar",
        materials="full-grain leather|vegetable-tanned leather|waxed linen thread"
        "|brass hardware|suede|cowhide",
        techniques="hand-stitched with a saddle stitch|cut by hand|edge-burnished"
        "|hand-dyed|tooled and stamped|hand-sewn with waxed thread",
        colours="tan|cognac|chestnut brown|black|olive|natural undyed|dark brown",
        uses="Made for everyday carry.|Slim enough for a front pocket."
        "|A lasting anniversary gift.|Built for travel and years of daily use.",
        details="The leather darkens over time and develops a rich patina."
        "|Condition occasionally with a leather balm."
        "|Every stitch is sewn by hand with two needles, so it will not unravel."
        "|Natural marks in the hide are part of the leather's story.",
        dimensions="It measures {a} x {b} cm.",
        craft="working with leather",
        variation="grain, marks and colour of the hide",
    ),
    "glass": _words(
        objects="suncatcher|drinking glass|glass vase|fused glass dish|paperweight"
        "|glass ornament|stained glass panel|tumbler set|glass bowl",
        materials="borosilicate glass|recycled glass|stained glass|dichroic glass"
        "|copper foil|lead-free solder",
        techniques="kiln-fused|lampworked over a torch|hand-blown|cut and soldered"
        "|slumped in the kiln|etched by hand",
        colours="cobalt blue|amber|seafoam green|clear|iridescent|ruby red|aqua",
        uses="It glows in a sunny window.|Lovely on a windowsill or shelf."
        "|A bright centrepiece for a table.|It throws coloured light across a room.",
        details="Wipe with a soft cloth; not dishwasher safe."
        "|Tiny bubbles in the glass are a sign of handwork."
        "|Colours shift as the light moves through the day."
        "|Hung on a clear line, ready to display.",
        dimensions="It is about {a} cm across.",
        craft="working with glass",
        variation="bubbles, colour and reflections",
    ),
    "paper": _words(
        objects="greeting card|art print|notebook|journal|wedding invitation|bookmark"
        "|wall calendar|linocut print|sketchbook|planner",
        materials="cotton rag paper|recycled cardstock|kraft paper|watercolour paper"
        "|handmade paper|archival ink",
        techniques="letterpress printed|hand-bound with a coptic stitch|screen printed"
        "|printed from a hand-carved linocut|hand-lettered|risograph printed",
        colours="botanical green|soft pastel|black and white|gold foil|deep navy|blush",
        uses="Perfect for birthdays and thank-you notes.|Made for sketching and daily notes."
        "|Ready to frame for a gallery wall.|Lovely wedding stationery.",
        details="Printed with archival inks on acid-free paper."
        "|Keep out of direct sunlight to protect the colours."
        "|Each card comes with a recycled kraft envelope."
        "|The pages lie flat, so it is easy to write and draw on.",
        dimensions="It measures {a} x {b} cm and is printed on {c} gsm paper.",
        craft="printing and bookbinding",
        variation="ink coverage and texture",
    ),
}

_DE = {
    "ceramics": _words(
        objects="Tasse|Schale|Vase|Teller|Übertopf|Teekanne",
        materials="Steinzeug|Porzellan|Irdenware|Terrakotta",
        techniques="auf der Töpferscheibe gedreht|von Hand aufgebaut|im Rakubrand gebrannt",
        colours="Kobaltblau|Salbeigrün|Cremeweiß|Mattschwarz|Rostbraun|Seladon",
        uses="für den Morgenkaffee|für frische oder getrocknete Blumen|als Blickfang auf dem Tisch",
        details="Die Glasur ist lebensmittelecht, spülmaschinen- und mikrowellengeeignet."
        "|Der Fuß bleibt unglasiert und zeigt den rohen Ton.",
        dimensions="Ca. {a} cm hoch und {b} cm breit.",
        craft="töpfere ich",
        variation="Form und Glasur",
    ),
    "jewelry": _words(
        objects="Halskette|Anhänger|Ring|Armband|Ohrringe|Ohrstecker",
        materials="Sterlingsilber|Goldfilled|Messing|Mondstein|Süßwasserperlen",
        techniques="von Hand geschmiedet|gehämmert und poliert|gelötet und oxidiert",
        colours="Silber|Gold|Roségold|Tiefgrün|Perlweiß|Altsilber",
        uses="für jeden Tag|als Geschenk für die Brautjungfer|zu besonderen Anlässen",
        details="Wird im Schmucksäckchen geliefert; vor dem Duschen oder Schwimmen abnehmen."
        "|Die gehämmerte Oberfläche fängt das Licht bei jeder Bewegung.",
        dimensions="Größe: etwa {a} mm an der breitesten Stelle.",
        craft="fertige ich Schmuck",
        variation="Hammerschlag und Patina",
    ),
    "textiles": _words(
        objects="Schal|Kuscheldecke|Kissenbezug|Tragetasche|Tischläufer|Geschirrtuch",
        materials="Merinowolle|Bio-Baumwolle|Leinen|Alpakawolle",
        techniques="auf dem Webstuhl gewebt|von Hand gestrickt|mit Pflanzenfarben gefärbt",
        colours="Senfgelb|Indigo|Naturweiß|Terrakotta|Anthrazit|Altrosa",
        uses="für kühle Abende|auf dem Sofa|auf dem Esstisch",
        details="Handwäsche bei 30 Grad, liegend trocknen."
        "|Das Gewebe ist weich, dicht und angenehm auf der Haut.",
        dimensions="Maße: {a} x {b} cm.",
        craft="webe und stricke ich",
        variation="Webbild und Farbton",
    ),
    "woodwork": _words(
        objects="Schneidebrett|Servierbrett|Salatschüssel|Holzlöffel|Schmuckkästchen|Wandregal",
        materials="Walnuss|Eiche|Kirschholz|Ahorn|Olivenholz",
        techniques="von Hand geschnitzt|auf der Drechselbank gedrechselt"
        "|mit Schwalbenschwänzen verbunden",
        colours="Honigbraun|Dunkelbraun|Naturhell|Bernstein",
        uses="zum Servieren von Käse und Brot|für die tägliche Küche"
        "|für Ordnung auf dem Schreibtisch",
        details="Nur von Hand spülen und gelegentlich mit lebensmittelechtem Öl pflegen."
        "|Die Maserung des Holzes macht jedes Stück einzigartig.",
        dimensions="Maße: {a} x {b} cm, {c} cm stark.",
        craft="arbeite ich mit Holz",
        variation="Maserung und Farbe des Holzes",
    ),
    "candles": _words(
        objects="Duftkerze|Stumpenkerze|Kerze im Glas|Wachsmelts|Teelichter",
        materials="Sojawachs|Bienenwachs|Rapswachs|ätherische Öle",
        techniques="von Hand gegossen|in kleinen Chargen gegossen|zwei Wochen gereift",
        colours="Elfenbein|Bernstein|Salbei|Lavendel|Honig",
        uses="für ein entspannendes Bad|auf dem Nachttisch|für gemütliche Abende",
        details="Docht vor jedem Anzünden auf 5 mm kürzen und brennende Kerzen nie "
        "unbeaufsichtigt lassen.|Der Duft ist dezent und füllt dennoch den ganzen Raum.",
        dimensions="{c} g Wachs, Brenndauer etwa {a} Stunden.",
        craft="gieße ich Kerzen",
        variation="Oberfläche des Wachses",
    ),
    "leather": _words(
        objects="Geldbörse|Kartenetui|Gürtel|Umhängetasche|Schlüsselanhänger|Notizbuchhülle",
        materials="vegetabil gegerbtes Leder|Vollnarbenleder|gewachster Leinenfaden"
        "|Messingbeschläge",
        techniques="von Hand im Sattelstich genäht|von Hand zugeschnitten|mit polierten Kanten",
        colours="Cognac|Kastanienbraun|Schwarz|Oliv|Naturleder",
        uses="für jeden Tag|für Reisen|als Geschenk zum Jahrestag",
        details="Das Leder dunkelt mit der Zeit nach und entwickelt eine schöne Patina."
        "|Gelegentlich mit Lederbalsam pflegen.",
        dimensions="Maße: {a} x {b} cm.",
        craft="arbeite ich mit Leder",
        variation="Narbung und Farbe des Leders",
    ),
    "glass": _words(
        objects="Sonnenfänger|Trinkglas|Glasvase|Glasschale|Briefbeschwerer|Christbaumkugel",
        materials="Borosilikatglas|Recyclingglas|Buntglas|dichroitisches Glas",
        techniques="im Brennofen verschmolzen|an der Lampe geformt|mundgeblasen",
        colours="Kobaltblau|Bernstein|Meergrün|Klar|Irisierend",
        uses="für ein sonniges Fenster|für das Regal|als Tischdekoration",
        details="Mit einem weichen Tuch reinigen; nicht spülmaschinengeeignet."
        "|Kleine Luftbläschen im Glas sind typisch für Handarbeit.",
        dimensions="Etwa {a} cm Durchmesser.",
        craft="arbeite ich mit Glas",
        variation="Bläschen und Farbverlauf",
    ),
    "paper": _words(
        objects="Grußkarte|Kunstdruck|Notizbuch|Tagebuch|Hochzeitseinladung|Lesezeichen",
        materials="Baumwollpapier|Recyclingkarton|Kraftpapier|Aquarellpapier",
        techniques="im Buchdruck gedruckt|von Hand gebunden|im Siebdruck gedruckt",
        colours="Botanisch Grün|Pastell|Schwarz-Weiß|Goldfolie|Dunkelblau",
        uses="zum Geburtstag|für Skizzen und Notizen|zum Einrahmen",
        details="Gedruckt mit archivfesten Farben auf säurefreiem Papier."
        "|Bitte vor direkter Sonne schützen.",
        dimensions="{a} x {b} cm, {c} g/m² Papier.",
        craft="drucke und binde ich",
        variation="Farbauftrag und Struktur",
    ),
}

_FR = {
    "ceramics": _words(
        objects="tasse|bol|vase|assiette|cache-pot|théière",
        materials="grès|porcelaine|faïence|terre cuite",
        techniques="tournage au tour de potier|modelage à la main|cuisson raku",
        colours="bleu cobalt|vert sauge|blanc crème|noir mat|brun rouille|céladon",
        uses="pour le café du matin|pour des fleurs fraîches ou séchées|comme centre de table",
        details="L'émail est alimentaire et passe au lave-vaisselle et au micro-ondes."
        "|Le pied reste brut et laisse voir la terre.",
        dimensions="Environ {a} cm de haut et {b} cm de large.",
        craft="je travaille la terre",
        variation="la forme et l'émail",
    ),
    "jewelry": _words(
        objects="collier|pendentif|bague|bracelet|boucles d'oreilles|puces d'oreilles",
        materials="argent massif|plaqué or|laiton|pierre de lune|perles d'eau douce",
        techniques="martelage à la main|soudure et polissage|sertissage clos",
        colours="argent|or|or rose|vert profond|blanc nacré|argent vieilli",
        uses="pour tous les jours|comme cadeau de demoiselle d'honneur|pour les grandes occasions",
        details="Livré dans une petite pochette ; à retirer avant la douche ou la baignade."
        "|La surface martelée accroche la lumière à chaque mouvement.",
        dimensions="Environ {a} mm dans sa plus grande largeur.",
        craft="je crée des bijoux",
        variation="le martelage et la patine",
    ),
    "textiles": _words(
        objects="écharpe|plaid|housse de coussin|sac cabas|chemin de table|torchon",
        materials="laine mérinos|coton bio|lin|laine d'alpaga",
        techniques="tissage sur métier à tisser|tricot à la main|teinture végétale",
        colours="jaune moutarde|indigo|écru|terracotta|gris anthracite|vieux rose",
        uses="pour les soirées fraîches|sur le canapé|sur la table à manger",
        details="Lavage à la main à 30 degrés, séchage à plat."
        "|Le tissage est souple, dense et doux sur la peau.",
        dimensions="Dimensions : {a} x {b} cm.",
        craft="je tisse et je tricote",
        variation="le tissage et la teinte",
    ),
    "woodwork": _words(
        objects="planche à découper|planche de service|saladier|cuillère en bois"
        "|boîte à bijoux|étagère murale",
        materials="noyer|chêne|merisier|érable|bois d'olivier",
        techniques="sculpture à la main|tournage sur bois|assemblage en queue d'aronde",
        colours="miel|brun foncé|bois naturel|ambre",
        uses="pour servir fromages et charcuterie|pour la cuisine de tous les jours"
        "|pour ranger un bureau",
        details="Lavage à la main uniquement ; huiler de temps en temps avec une huile "
        "alimentaire.|Le veinage du bois rend chaque pièce unique.",
        dimensions="Dimensions : {a} x {b} cm, épaisseur {c} cm.",
        craft="je travaille le bois",
        variation="le veinage et la teinte du bois",
    ),
    "candles": _words(
        objects="bougie parfumée|bougie pilier|bougie en pot|fondants parfumés"
        "|bougies chauffe-plat",
        materials="cire de soja|cire d'abeille|cire de colza|huiles essentielles",
        techniques="coulage à la main|coulage en petites séries|maturation de deux semaines",
        colours="ivoire|ambre|sauge|lavande|miel",
        uses="pour un bain relaxant|sur la table de chevet|pour les soirées cocooning",
        details="Coupez la mèche à 5 mm avant chaque utilisation et ne laissez jamais une "
        "bougie allumée sans surveillance.|Le parfum reste subtil tout en emplissant la pièce.",
        dimensions="{c} g de cire, environ {a} heures de combustion.",
        craft="je coule des bougies",
        variation="la surface de la cire",
    ),
    "leather": _words(
        objects="portefeuille|porte-cartes|ceinture|sac bandoulière|porte-clés|protège-carnet",
        materials="cuir tanné végétal|cuir pleine fleur|fil de lin ciré|boucles en laiton",
        techniques="couture main au point sellier|découpe à la main|tranches polies",
        colours="cognac|châtaigne|noir|olive|cuir naturel",
        uses="pour tous les jours|pour les voyages|comme cadeau d'anniversaire de mariage",
        details="Le cuir fonce avec le temps et développe une belle patine."
        "|Entretenir de temps en temps avec un baume pour cuir.",
        dimensions="Dimensions : {a} x {b} cm.",
        craft="je travaille le cuir",
        variation="le grain du cuir",
    ),
    "glass": _words(
        objects="attrape-soleil|verre à boire|vase en verre|coupelle en verre|presse-papier"
        "|boule de Noël",
        materials="verre borosilicate|verre recyclé|vitrail|verre dichroïque",
        techniques="fusing au four|filage au chalumeau|verre soufflé à la bouche",
        colours="bleu cobalt|ambre|vert d'eau|transparent|irisé",
        uses="pour une fenêtre ensoleillée|pour une étagère|comme décoration de table",
        details="Nettoyer avec un chiffon doux ; ne passe pas au lave-vaisselle."
        "|De petites bulles dans le verre sont le signe du travail à la main.",
        dimensions="Environ {a} cm de diamètre.",
        craft="je travaille le verre",
        variation="les bulles et les reflets",
    ),
    "paper": _words(
        objects="carte de vœux|affiche d'art|carnet|journal intime|faire-part de mariage"
        "|marque-page",
        materials="papier coton|carton recyclé|papier kraft|papier aquarelle",
        techniques="impression typographique|reliure à la main|sérigraphie",
        colours="vert botanique|pastel|noir et blanc|dorure|bleu nuit",
        uses="pour les anniversaires|pour les croquis et les notes|à encadrer",
        details="Imprimé avec des encres d'archives sur papier sans acide."
        "|À protéger de la lumière directe du soleil.",
        dimensions="{a} x {b} cm, papier de {c} g/m².",
        craft="j'imprime et je relie",
        variation="l'encrage et la texture",
    ),
}

_ES = {
    "ceramics": _words(
        objects="taza|cuenco|jarrón|plato|maceta|tetera",
        materials="gres|porcelana|loza|terracota",
        techniques="torneado en el torno de alfarero|modelado a mano|cocción raku",
        colours="azul cobalto|verde salvia|blanco crema|negro mate|marrón óxido|celadón",
        uses="para el café de la mañana|para flores frescas o secas|como centro de mesa",
        details="El esmalte es apto para alimentos, lavavajillas y microondas."
        "|La base queda sin esmaltar y deja ver el barro.",
        dimensions="Aproximadamente {a} cm de alto y {b} cm de ancho.",
        craft="trabajo el barro",
        variation="la forma y el esmalte",
    ),
    "jewelry": _words(
        objects="collar|colgante|anillo|pulsera|pendientes|pendientes de botón",
        materials="plata de ley|oro laminado|latón|piedra luna|perlas de agua dulce",
        techniques="martillado a mano|soldadura y pulido|engaste en bisel",
        colours="plata|oro|oro rosa|verde profundo|blanco perla|plata envejecida",
        uses="para el día a día|como regalo para damas de honor|para ocasiones especiales",
        details="Se entrega en una bolsita; quítalo antes de ducharte o nadar."
        "|La superficie martillada atrapa la luz con cada movimiento.",
        dimensions="Mide unos {a} mm en su parte más ancha.",
        craft="hago joyería",
        variation="el martillado y la pátina",
    ),
    "textiles": _words(
        objects="bufanda|manta|funda de cojín|bolso tote|camino de mesa|paño de cocina",
        materials="lana merino|algodón orgánico|lino|lana de alpaca",
        techniques="tejido en telar|tejido a mano con agujas|teñido con tintes naturales",
        colours="amarillo mostaza|índigo|crudo|terracota|gris marengo|rosa empolvado",
        uses="para las noches frescas|en el sofá|en la mesa del comedor",
        details="Lavar a mano en frío y secar en horizontal."
        "|El tejido es suave, denso y agradable sobre la piel.",
        dimensions="Medidas: {a} x {b} cm.",
        craft="tejo",
        variation="el tejido y el tono",
    ),
    "woodwork": _words(
        objects="tabla de cortar|tabla de servir|ensaladera|cuchara de madera|joyero"
        "|estante de pared",
        materials="nogal|roble|cerezo|arce|madera de olivo",
        techniques="tallado a mano|torneado en madera|ensamblado con colas de milano",
        colours="miel|marrón oscuro|madera natural|ámbar",
        uses="para servir quesos y embutidos|para la cocina de cada día|para ordenar el escritorio",
        details="Lavar solo a mano y aceitar de vez en cuando con aceite apto para alimentos."
        "|La veta de la madera hace que cada pieza sea única.",
        dimensions="Medidas: {a} x {b} cm, {c} cm de grosor.",
        craft="trabajo la madera",
        variation="la veta y el tono de la madera",
    ),
    "candles": _words(
        objects="vela aromática|vela de pilar|vela en tarro|ceras perfumadas|velas de té",
        materials="cera de soja|cera de abeja|cera de colza|aceites esenciales",
        techniques="vertido a mano|vertido en pequeños lotes|curado durante dos semanas",
        colours="marfil|ámbar|salvia|lavanda|miel",
        uses="para un baño relajante|en la mesita de noche|para tardes tranquilas",
        details="Recorta la mecha a 5 mm antes de cada uso y nunca dejes una vela encendida "
        "sin vigilancia.|El aroma es sutil pero llena toda la habitación.",
        dimensions="{c} g de cera, unas {a} horas de combustión.",
        craft="hago velas",
        variation="la superficie de la cera",
    ),
    "leather": _words(
        objects="cartera|tarjetero|cinturón|bolso bandolera|llavero|funda de cuaderno",
        materials="cuero curtido vegetal|piel de flor entera|hilo encerado|herrajes de latón",
        techniques="cosido a mano con punto de silla|cortado a mano|cantos pulidos",
        colours="coñac|castaño|negro|oliva|cuero natural",
        uses="para el día a día|para viajar|como regalo de aniversario",
        details="El cuero se oscurece con el tiempo y desarrolla una bonita pátina."
        "|Hidratar de vez en cuando con bálsamo para cuero.",
        dimensions="Medidas: {a} x {b} cm.",
        craft="trabajo el cuero",
        variation="el grano del cuero",
    ),
    "glass": _words(
        objects="atrapasoles|vaso de vidrio|jarrón de vidrio|cuenco de vidrio|pisapapeles"
        "|bola de Navidad",
        materials="vidrio borosilicato|vidrio reciclado|vidriera|vidrio dicroico",
        techniques="fusión en horno|trabajo al soplete|soplado a boca",
        colours="azul cobalto|ámbar|verde agua|transparente|iridiscente",
        uses="para una ventana soleada|para una estantería|como decoración de mesa",
        details="Limpiar con un paño suave; no apto para lavavajillas."
        "|Las pequeñas burbujas del vidrio son señal del trabajo artesanal.",
        dimensions="Unos {a} cm de diámetro.",
        craft="trabajo el vidrio",
        variation="las burbujas y los reflejos",
    ),
    "paper": _words(
        objects="tarjeta de felicitación|lámina artística|cuaderno|diario|invitación de boda"
        "|marcapáginas",
        materials="papel de algodón|cartulina reciclada|papel kraft|papel de acuarela",
        techniques="impresión tipográfica|encuadernación a mano|serigrafía",
        colours="verde botánico|pastel|blanco y negro|dorado|azul marino",
        uses="para cumpleaños|para bocetos y notas|para enmarcar",
        details="Impreso con tintas de archivo sobre papel libre de ácido."
        "|Protéjase de la luz solar directa.",
        dimensions="{a} x {b} cm, papel de {c} g/m².",
        craft="imprimo y encuaderno",
        variation="el entintado y la textura",
    ),
}

_IT = {
    "ceramics": _words(
        objects="tazza|ciotola|vaso|piatto|portavaso|teiera",
        materials="gres|porcellana|maiolica|terracotta",
        techniques="tornitura al tornio|modellazione a mano|cottura saggar",
        colours="blu cobalto|verde salvia|bianco crema|nero opaco|rosso ruggine|celadon",
        uses="per il caffè del mattino|per fiori freschi o secchi|come centrotavola",
        details="Lo smalto è adatto agli alimenti, alla lavastoviglie e al microonde."
        "|Il piede resta grezzo e lascia vedere l'argilla.",
        dimensions="Circa {a} cm di altezza e {b} cm di larghezza.",
        craft="lavoro l'argilla",
        variation="la forma e lo smalto",
    ),
    "jewelry": _words(
        objects="collana|ciondolo|anello|bracciale|orecchini|orecchini a lobo",
        materials="argento sterling|gold filled|ottone|pietra di luna|perle d'acqua dolce",
        techniques="martellatura a mano|saldatura e lucidatura|incastonatura a castone",
        colours="argento|oro|oro rosa|verde intenso|bianco perla|argento brunito",
        uses="per tutti i giorni|come regalo per le damigelle|per le occasioni speciali",
        details="Viene consegnato in un sacchetto; toglierlo prima della doccia o del nuoto."
        "|La superficie martellata cattura la luce a ogni movimento.",
        dimensions="Misura circa {a} mm nel punto più largo.",
        craft="creo gioielli",
        variation="la martellatura e la patina",
    ),
    "textiles": _words(
        objects="sciarpa|plaid|federa per cuscino|borsa shopper|runner da tavola|strofinaccio",
        materials="lana merino|cotone biologico|lino|lana di alpaca",
        techniques="tessitura al telaio|lavorazione a maglia a mano|tintura naturale",
        colours="giallo senape|indaco|écru|terracotta|grigio antracite|rosa antico",
        uses="per le serate fresche|sul divano|sulla tavola da pranzo",
        details="Lavare a mano in acqua fredda e asciugare in piano."
        "|Il tessuto è morbido, compatto e piacevole sulla pelle.",
        dimensions="Misure: {a} x {b} cm.",
        craft="tesso e lavoro a maglia",
        variation="la trama e la tinta",
    ),
    "woodwork": _words(
        objects="tagliere|tagliere da portata|insalatiera|cucchiaio di legno|portagioie|mensola",
        materials="noce|rovere|ciliegio|acero|legno d'ulivo",
        techniques="intaglio a mano|tornitura del legno|incastri a coda di rondine",
        colours="miele|marrone scuro|legno naturale|ambra",
        uses="per servire formaggi e salumi|per la cucina di tutti i giorni"
        "|per ordinare la scrivania",
        details="Lavare solo a mano e oliare di tanto in tanto con olio alimentare."
        "|Le venature del legno rendono ogni pezzo unico.",
        dimensions="Misure: {a} x {b} cm, spessore {c} cm.",
        craft="lavoro il legno",
        variation="le venature e il tono del legno",
    ),
    "candles": _words(
        objects="candela profumata|candela a colonna|candela in barattolo|cialde profumate"
        "|candele tealight",
        materials="cera di soia|cera d'api|cera di colza|oli essenziali",
        techniques="colatura a mano|colatura in piccoli lotti|maturazione di due settimane",
        colours="avorio|ambra|salvia|lavanda|miele",
        uses="per un bagno rilassante|sul comodino|per le serate tranquille",
        details="Accorciare lo stoppino a 5 mm prima di ogni accensione e non lasciare mai la "
        "candela accesa incustodita.|Il profumo è delicato ma riempie tutta la stanza.",
        dimensions="{c} g di cera, circa {a} ore di combustione.",
        craft="creo candele",
        variation="la superficie e il colore della cera",
    ),
    "leather": _words(
        objects="portafoglio|porta carte|cintura|borsa a tracolla|portachiavi"
        "|copertina per quaderno",
        materials="cuoio conciato al vegetale|pelle pieno fiore|filo cerato|fibbie in ottone",
        techniques="cucitura a mano a punto sellaio|taglio a mano|coste lucidate",
        colours="cognac|castagna|nero|oliva|cuoio naturale",
        uses="per tutti i giorni|per viaggiare|come regalo di anniversario",
        details="Il cuoio si scurisce col tempo e sviluppa una bella patina."
        "|Nutrire di tanto in tanto con un balsamo per cuoio.",
        dimensions="Misure: {a} x {b} cm.",
        craft="lavoro il cuoio",
        variation="la grana e il colore del cuoio",
    ),
    "glass": _words(
        objects="acchiappasole|bicchiere|vaso in vetro|ciotola in vetro|fermacarte"
        "|pallina di Natale",
        materials="vetro borosilicato|vetro riciclato|vetrata|vetro dicroico",
        techniques="fusione in forno|lavorazione a lume|soffiatura a bocca",
        colours="blu cobalto|ambra|verde acqua|trasparente|iridescente",
        uses="per una finestra soleggiata|per una mensola|come decorazione da tavola",
        details="Pulire con un panno morbido; non adatto alla lavastoviglie."
        "|Le piccole bolle nel vetro sono il segno della lavorazione a mano.",
        dimensions="Circa {a} cm di diametro.",
        craft="lavoro il vetro",
        variation="le bolle e i riflessi",
    ),
    "paper": _words(
        objects="biglietto d'auguri|stampa d'arte|quaderno|diario|partecipazione di nozze"
        "|segnalibro",
        materials="carta di cotone|cartoncino riciclato|carta kraft|carta per acquerello",
        techniques="stampa tipografica|rilegatura a mano|serigrafia",
        colours="verde botanico|pastello|bianco e nero|oro|blu notte",
        uses="per i compleanni|per schizzi e appunti|da incorniciare",
        details="Stampato con inchiostri d'archivio su carta priva di acidi."
        "|Proteggere dalla luce solare diretta.",
        dimensions="{a} x {b} cm, carta da {c} g/m².",
        craft="stampo e rilego",
        variation="l'inchiostrazione e i colori",
    ),
}

VOCABULARY: dict[str, dict[str, CategoryWords]] = {
    "en": _EN,
    "de": _DE,
    "fr": _FR,
    "es": _ES,
    "it": _IT,
}
OBJECT_TYPES: dict[str, dict[str, tuple[str, ...]]] = {
    category: {language: VOCABULARY[language][category].objects for language in VOCABULARY}
    for category in CATEGORIES
}


@dataclass(frozen=True)
class _Templates:
    openings: tuple[str, ...]
    # Each is used at most once per description, in random order after the opening.
    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    styles: tuple[str, ...]


# Slots: {object} {Object} {material} {material2} {technique} {colour} {use} {craft}
# {variation} {years} {days} {style}; English uses are whole sentences, other languages' are
# phrases ("für den Morgenkaffee") that the templates complete.
_TEMPLATES: dict[str, _Templates] = {
    "en": _Templates(
        openings=(
            "{Size} {material} {object} {technique} and finished by hand in my small studio.",
            "{Object} made from {material}, {technique} one at a time.",
            "Handmade {object} in {material}, {technique} and finished with care.",
        ),
        sentences=(
            "The {colour} tones shift gently with the light and give it a calm, natural presence.",
            "Shown here in {colour}, a shade that sits well in both modern and rustic spaces.",
            "Every piece is {technique} in my studio, so no two are exactly alike.",
            "I work in small batches, and each piece takes several days from raw {material} "
            "to finished {object}.",
            "{use}",
            "Made with {material} and {material2}, chosen because they look good and last.",
            "Materials: {material}, {material2}.",
            "Because each piece is made by hand, expect slight variations in {variation}; "
            "they are part of its character, not flaws.",
            "I have been {craft} for over {years} years, and every order is made by me in my "
            "home studio.",
            "Ships within {days} business days, wrapped in recycled tissue paper and ready "
            "to give.",
            "A thoughtful gift for anyone who loves {style} handmade things.",
        ),
        titles=(
            "{Style} {colour} {object} in {material}, handmade {gift}",
            "Handmade {material} {object} – {colour}, {style} {gift}",
            "{Colour} {object}, {material}, made by hand in small batches",
            "{Material} {object} with {colour} finish | {style} {gift}",
        ),
        styles=(
            "rustic",
            "minimalist",
            "modern",
            "boho",
            "organic",
            "Scandinavian",
            "Japanese-inspired",
            "vintage-style",
            "cottagecore",
        ),
    ),
    "de": _Templates(
        openings=(
            "{Object} aus {material}, {technique} und von Hand in meinem kleinen Atelier "
            "gefertigt.",
            "Handgemacht in kleiner Auflage: {object} aus {material} in {colour}.",
        ),
        sentences=(
            "Jedes Stück ist ein Unikat, {technique} und sorgfältig von Hand nachbearbeitet.",
            "Der Farbton {colour} wirkt ruhig und natürlich und passt zu modernen wie "
            "rustikalen Räumen.",
            "Ideal {use}.",
            "Materialien: {material}, {material2}.",
            "Kleine Unterschiede in {variation} sind Teil des Charakters und kein Fehler.",
            "Seit über {years} Jahren {craft}, und jede Bestellung entsteht bei mir im Atelier.",
            "Versand innerhalb von {days} Werktagen, liebevoll verpackt und bereit zum "
            "Verschenken.",
            "Ein schönes Geschenk für alle, die Handgemachtes schätzen.",
        ),
        titles=(
            "{Object} aus {material}, handgemacht, {colour} | Unikat",
            "Handgemacht: {object} aus {material} in {colour} – Geschenkidee",
        ),
        styles=("rustikal", "minimalistisch", "modern", "skandinavisch"),
    ),
    "fr": _Templates(
        openings=(
            "{Object} en {material} : pièce réalisée à la main dans mon petit atelier.",
            "Fait main en petite série : {object} en {material}, coloris {colour}.",
        ),
        sentences=(
            "Chaque pièce est façonnée à la main ({technique}), il n'y en a donc pas deux "
            "identiques.",
            "Coloris {colour}, une teinte douce et naturelle qui s'accorde aux intérieurs "
            "modernes comme rustiques.",
            "Idéal {use}.",
            "Matériaux : {material}, {material2}.",
            "De légères différences dans {variation} font partie du charme du fait main.",
            "Depuis plus de {years} ans, {craft} et chaque commande est préparée dans mon atelier.",
            "Expédition sous {days} jours ouvrés, emballage soigné et prêt à offrir.",
            "Un joli cadeau pour celles et ceux qui aiment le fait main.",
        ),
        titles=(
            "{Object} en {material} fait main, coloris {colour} | pièce unique",
            "{Object} en {material} – {colour}, fait main, idée cadeau",
        ),
        styles=("rustique", "minimaliste", "moderne", "scandinave"),
    ),
    "es": _Templates(
        openings=(
            "{Object} de {material}: pieza hecha a mano en mi pequeño taller.",
            "Hecho a mano en pequeñas series: {object} de {material} en tono {colour}.",
        ),
        sentences=(
            "Cada pieza se elabora a mano ({technique}), así que no hay dos iguales.",
            "En tono {colour}, un color suave y natural que combina con espacios modernos y "
            "rústicos.",
            "Ideal {use}.",
            "Materiales: {material}, {material2}.",
            "Las pequeñas diferencias en {variation} forman parte del encanto de lo hecho a mano.",
            "Desde hace más de {years} años {craft}, y cada pedido se prepara en mi taller.",
            "Se envía en {days} días laborables, bien embalado y listo para regalar.",
            "Un bonito regalo para quien aprecia lo artesanal.",
        ),
        titles=(
            "{Object} de {material} artesanal, tono {colour} | pieza única",
            "{Object} artesanal de {material} – {colour}, idea de regalo",
        ),
        styles=("rústico", "minimalista", "moderno", "nórdico"),
    ),
    "it": _Templates(
        openings=(
            "{Object} in {material}: pezzo fatto a mano nel mio piccolo laboratorio.",
            "Fatto a mano in piccola serie: {object} in {material}, tonalità {colour}.",
        ),
        sentences=(
            "Ogni pezzo è lavorato a mano ({technique}), quindi non ce ne sono due uguali.",
            "Nella tonalità {colour}, un colore morbido e naturale che si abbina ad ambienti "
            "moderni e rustici.",
            "Ideale {use}.",
            "Materiali: {material}, {material2}.",
            "{Variation} possono variare leggermente: è il fascino del fatto a mano.",
            "Da oltre {years} anni {craft}, e ogni ordine viene preparato nel mio laboratorio.",
            "Spedizione entro {days} giorni lavorativi, imballato con cura e pronto da regalare.",
            "Un bel regalo per chi ama l'artigianato.",
        ),
        titles=(
            "{Object} in {material} artigianale, {colour} | pezzo unico",
            "{Object} artigianale in {material} – {colour}, idea regalo",
        ),
        styles=("rustico", "minimalista", "moderno", "nordico"),
    ),
}
_SIZES = ("Small", "Large", "Petite", "Generous", "Slim", "Classic")
_GIFTS = (
    "gift for her",
    "gift for him",
    "housewarming gift",
    "birthday gift",
    "anniversary gift",
    "wedding gift",
)


def generate_historical_descriptions(n: int, seed: int) -> pd.DataFrame:
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    vectors = np.random.default_rng(seed)
    categories = vectors.choice(
        list(CATEGORY_SHARES), size=n, p=_normalised(CATEGORY_SHARES.values())
    )
    languages = vectors.choice(
        list(LANGUAGE_SHARES), size=n, p=_normalised(LANGUAGE_SHARES.values())
    )
    quality = vectors.standard_normal(n)
    target_chars = np.clip(
        np.exp(
            vectors.normal(DESCRIPTION_LOG_MEAN, DESCRIPTION_LOG_SD, n)
            + _QUALITY_ON_LENGTH * quality
        ),
        DESCRIPTION_MIN_CHARS,
        DESCRIPTION_MAX_CHARS,
    )
    impressions = np.maximum(
        _MIN_IMPRESSIONS,
        np.exp(vectors.normal(_IMPRESSIONS_LOG_MEAN, _IMPRESSIONS_LOG_SD, n)).astype(np.int64),
    )
    base = pd.Series(categories).map(_BASE_CONVERSION).to_numpy(dtype=float)
    purchase_probability = np.clip(
        base * np.exp(_QUALITY_ON_CONVERSION * quality + vectors.normal(0, 0.25, n)), 0, 0.5
    )
    purchases = vectors.binomial(impressions, purchase_probability)

    words = random.Random(seed)
    texts = [
        _compose(words, category, language, float(target), detailed=bool(q > 0))
        for category, language, target, q in zip(
            categories, languages, target_chars, quality, strict=True
        )
    ]
    width = max(7, len(str(n)))
    corpus = pd.DataFrame(
        {
            "listing_id": [f"hist-{i:0{width}d}" for i in range(1, n + 1)],
            "category": pd.Series(categories, dtype="str"),
            "language": pd.Series(languages, dtype="str"),
            "title": pd.Series([t[0] for t in texts], dtype="str"),
            "description": pd.Series([t[1] for t in texts], dtype="str"),
            "materials": [list(t[2]) for t in texts],
            "impressions": impressions.astype(np.int64),
            "purchases": purchases.astype(np.int64),
            "conversion_rate": purchases / impressions,
        }
    )
    corpus["successful"] = (
        corpus.groupby("category")["conversion_rate"].rank(method="first", pct=True)
        > 1 - SUCCESS_SHARE
    )
    return corpus[list(HISTORICAL_COLUMNS)]


def _compose(
    rng: random.Random, category: str, language: str, target_chars: float, *, detailed: bool
) -> tuple[str, str, tuple[str, str]]:
    """(title, description, materials) for one listing."""
    words = VOCABULARY[language][category]
    templates = _TEMPLATES[language]
    material, material2 = rng.sample(words.materials, 2)
    technique = rng.choice(words.techniques)
    low_high = _DIMENSION_RANGES[category]
    slots = {
        "object": rng.choice(words.objects),
        "material": material,
        "material2": material2,
        "technique": technique,
        "colour": rng.choice(words.colours),
        "use": rng.choice(words.uses),
        "craft": words.craft,
        "variation": words.variation,
        "years": rng.randint(3, 25),
        "days": rng.randint(2, 5),
        "style": rng.choice(templates.styles),
        "gift": rng.choice(_GIFTS),
        "size": rng.choice(_SIZES),
    }
    for name in ("object", "material", "colour", "style", "size", "variation"):
        slots[name.capitalize()] = _capitalise(str(slots[name]))
    dimensions = words.dimensions.format(
        a=rng.randint(*low_high[0]), b=rng.randint(*low_high[1]), c=rng.randint(*low_high[2])
    )

    body = [*templates.sentences, *words.details]
    rng.shuffle(body)
    # Detailed listings state size and care early; the others may never get to them.
    facts = [dimensions, words.details[0]]
    body = [s for s in body if s not in facts]
    body = facts + body if detailed else body + [dimensions]
    sentences = [rng.choice(templates.openings).format(**slots)]
    length = len(sentences[0])
    for template in body:
        if length >= target_chars:
            break
        sentences.append(template.format(**slots))
        length += len(sentences[-1]) + 1
    description = " ".join(sentences)
    title = rng.choice(templates.titles).format(**slots)
    return _capitalise(title), description, (material, material2)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _normalised(shares) -> np.ndarray:
    weights = np.fromiter(shares, dtype=float)
    return weights / weights.sum()
