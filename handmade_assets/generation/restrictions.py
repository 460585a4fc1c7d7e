"""Use restrictions and safety statements a seller makes, and how each locale says them.

A restriction the seller states ("decorative only", "not food safe", "not for children under
3") must appear in substance in every published draft of every locale (the must-keep gate).
Each kind is found in seller text in any recognised language and in a draft in its own locale by
the same patterns; the canonical phrase is what the embedded composer writes, and a test proves
every canonical phrase is found by its own locale's patterns.

Care actions are here too: a draft may not tell a shopper to wash, machine-wash or put in the
dishwasher an item whose seller never said so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it")


@dataclass(frozen=True)
class RestrictionKind:
    key: str
    # language -> regular expressions (case-insensitive) that state the restriction
    patterns: dict[str, tuple[str, ...]]
    # locale -> the sentence the embedded composer writes
    canonical: dict[str, str]


def _kind(key: str, patterns: dict[str, tuple[str, ...]], canonical: dict[str, str]) -> RestrictionKind:
    return RestrictionKind(key, patterns, canonical)


RESTRICTION_KINDS: tuple[RestrictionKind, ...] = (
    _kind(
        "decorative_only",
        {
            "en": (r"\b(?:for )?decorat(?:ive|ion)(?: purposes?| use)? only\b",
                   r"\bonly (?:for|as) decorat", r"\bpurely decorative\b", r"\bfor display only\b",
                   r"\bfor decorative purposes\b[^.]{0,40}\bonly\b",
                   r"\bnot (?:intended |meant |designed )?(?:for|to be used for) (?:practical|functional|everyday|daily) use",
                   r"\b(?:is|are) (?:intended |meant |designed )?(?:only )?for decorative (?:use|purposes)\b"),
            "de": (r"\bnur (?:zur|als) deko", r"\bnur dekorativ", r"\bausschließlich (?:zur|als) deko",
                   r"\bdient nur der dekoration", r"\breine[sr]? deko"),
            "fr": (r"(?:usage )?décorati(?:f|ve|on)s? uniquement", r"\buniquement (?:décorati|pour la décoration|à titre décoratif)",
                   r"\bpurement décorati", r"\bà titre décoratif\b", r"\bobjet de d[ée]coration\b", r"\buniquement décorati",
                   r"\best une d[ée]coration\b", r"\bune d[ée]corations? à manipuler"),
            "es": (r"\bsolo (?:para |como )?decora(?:ción|tivo|tiva)", r"\búnicamente decorativ",
                   r"\bpuramente decorativ", r"\buso (?:solo |únicamente )?decorativo\b"),
            "it": (r"\bsolo (?:per |a scopo )?decora(?:zione|tivo|tiva)", r"\b(?:uso|scopo) (?:puramente )?decorativo",
                   r"\b(?:a|per) scopi? (?:puramente |esclusivamente )?decorativ",
                   r"\besclusivamente decorativ", r"\bpuramente decorativ"),
        },
        {"en": "For decoration only.", "de": "Nur zur Dekoration.",
         "fr": "Objet uniquement décoratif.", "es": "Uso únicamente decorativo.",
         "it": "Solo a scopo decorativo."},
    ),
    _kind(
        "not_food_safe",
        {
            "en": (r"\bnot (?:food|drink)[- ]?safe", r"\bnot (?:suitable|intended|meant|designed|safe) (?:for|to be used (?:for|with)) (?:food|drink|eating|drinking)",
                   r"\bnot for (?:food|drinks?|eating|drinking)\b", r"\bnot food[- ]grade", r"\bdo not use (?:it )?(?:for|with) food"),
            "de": (r"\bnicht lebensmittel(?:echt|geeignet|sicher)", r"\bnicht für (?:den kontakt mit )?lebensmittel",
                   r"\bnicht zum (?:essen|trinken)", r"\bkein lebensmittelkontakt"),
            "fr": (r"\b(?:non|pas|ne convient pas) (?:adapté|destiné|compatible|conçu|apte)?e?s? ?(?:au|à un|à l'|pour le|pour un) ?(?:contact|usage) alimentaire",
                   r"\bne convient pas (?:au|à un) (?:contact|usage) alimentaire", r"\bnon alimentaire"),
            "es": (r"\bno (?:es )?apt[oa]s? para (?:el )?(?:uso alimentario|alimentos|contacto con alimentos|comida)",
                   r"\bno (?:es )?(?:segur[oa]|adecuad[oa]) para (?:alimentos|comida|el contacto con alimentos)"),
            "it": (r"\bnon (?:è )?(?:adatt[oa]|idone[oa]) (?:al|per il|all'|a) ?(?:contatto con (?:gli )?)?(?:alimenti|cibo|uso alimentare)",
                   r"\bnon per (?:uso )?aliment"),
        },
        {"en": "Not food safe.", "de": "Nicht lebensmittelecht.",
         "fr": "Ne convient pas au contact alimentaire.", "es": "No apto para alimentos.",
         "it": "Non adatto al contatto con alimenti."},
    ),
    _kind(
        "not_dishwasher_safe",
        {
            "en": (r"\bnot dishwasher[- ]?safe", r"\b(?:do not|don't|never) (?:\w+ or )?(?:put|place|wash|use) (?:it |them )?in (?:the |a )?dishwasher",
                   r"\bno dishwasher\b", r"\bnot (?:suitable )?for (?:the )?dishwasher"),
            "de": (r"\bnicht spülmaschinen(?:fest|geeignet)", r"\bnicht in die (?:spülmaschine|geschirrspülmaschine)"),
            "fr": (r"\b(?:ne (?:passe|va) pas|pas|non lavable|ne convient pas) (?:au|en) lave-vaisselle",),
            "es": (r"\bno (?:es )?apt[oa] para (?:el )?lavavajillas", r"\bno (?:meter|lavar|usar) en (?:el )?lavavajillas"),
            "it": (r"\bnon (?:adatt[oa] alla|lavabile in|mettere in|va in) lavastoviglie",),
        },
        {"en": "Not dishwasher safe.", "de": "Nicht spülmaschinenfest.",
         "fr": "Ne passe pas au lave-vaisselle.", "es": "No apto para lavavajillas.",
         "it": "Non lavabile in lavastoviglie."},
    ),
    _kind(
        "not_microwave_safe",
        {
            "en": (r"\bnot microwave[- ]?safe", r"\bdo not (?:put|place|use) (?:it |them )?in (?:the|a) microwave",
                   r"\bnot (?:suitable )?for (?:the )?microwave"),
            "de": (r"\bnicht mikrowellen(?:geeignet|fest|tauglich)", r"\bnicht in die mikrowelle"),
            "fr": (r"\b(?:ne (?:passe|va) pas|pas|ne convient pas) au micro-?ondes", r"\bnon compatible micro-?ondes"),
            "es": (r"\bno (?:es )?apt[oa] para (?:el )?microondas", r"\bno (?:meter|usar) en (?:el )?microondas"),
            "it": (r"\bnon (?:adatt[oa] al|va nel|usare nel|mettere nel) microonde",),
        },
        {"en": "Not microwave safe.", "de": "Nicht mikrowellengeeignet.",
         "fr": "Ne passe pas au micro-ondes.", "es": "No apto para microondas.",
         "it": "Non adatto al microonde."},
    ),
    _kind(
        "hand_wash_only",
        {
            "en": (r"\bhand[- ]?wash(?:ing)? only", r"\bwash (?:gently |carefully )?by hand only", r"\bonly (?:hand[- ]?wash|wash (?:it )?by hand)"),
            "de": (r"\bnur (?:hand ?wäsche|von hand (?:waschen|spülen)|mit der hand (?:waschen|spülen))",),
            "fr": (r"\b(?:lavage|laver|lavable) à la main uniquement", r"\buniquement (?:lavable )?à la main"),
            "es": (r"\b(?:lavar|lavado) a mano (?:solamente|únicamente)", r"\bsolo (?:lavar|lavado) a mano"),
            "it": (r"\b(?:lavare|lavaggio) solo a mano", r"\bsolo lavaggio a mano", r"\blavare esclusivamente a mano"),
        },
        {"en": "Hand wash only.", "de": "Nur Handwäsche.", "fr": "Lavage à la main uniquement.",
         "es": "Solo lavado a mano.", "it": "Solo lavaggio a mano."},
    ),
    _kind(
        "not_for_children",
        {
            "en": (r"\bnot (?:suitable|intended|recommended|safe|designed) for (?:young )?(?:children|kids|babies|toddlers|infants)",
                   r"\bkeep (?:it )?(?:out of (?:the )?reach of|away from) (?:young )?(?:children|kids)",
                   r"\bnot for (?:young )?(?:children|kids)", r"\b(?:children|kids) under (?:the age of )?\d+",
                   r"\bchoking hazard\b",
                   # An age the seller sets: "aged 9+", "for ages 14 and up", "8+ years".
                   r"\bage[ds]? \d+ ?(?:\+|and (?:up|over|above)|years and (?:up|over))",
                   r"\bfor ages? \d+", r"\b\d+ ?\+ ?(?:years|yrs)\b"),
            "de": (r"\bnicht für kinder", r"\bkinder unter \d+", r"\bnicht für kinder geeignet",
                   r"\baußerhalb der reichweite von kindern", r"\berstickungsgefahr", r"\bab \d+ jahren\b"),
            "fr": (r"\b(?:ne convient pas|déconseillé|pas adapté|interdit|non adapté)e?s? aux (?:jeunes )?enfants",
                   r"\benfants de moins de \d+", r"\bhors de (?:la )?portée des enfants", r"\brisque d'étouffement",
                   r"\bpas pour les enfants", r"\b(?:à partir de|dès) \d+ ans\b"),
            "es": (r"\bno (?:es )?(?:apt[oa]|adecuad[oa]|recomendad[oa]) para (?:niños|menores)",
                   r"\bniños menores de \d+", r"\bfuera del alcance de los niños", r"\briesgo de asfixia",
                   r"\ba partir de (?:los )?\d+ años\b", r"\bmayores de \d+ años\b"),
            "it": (r"\bnon (?:è )?(?:adatt[oa]|indicat[oa]|consigliat[oa]) ai bambini",
                   r"\bbambini (?:di età inferiore a|sotto i) \d+", r"\blontano dalla portata dei bambini",
                   r"\bpericolo di soffocamento", r"\b(?:dai|a partire dai) \d+ anni\b"),
        },
        {"en": "Not suitable for children.", "de": "Nicht für Kinder geeignet.",
         "fr": "Ne convient pas aux enfants.", "es": "No apto para niños.",
         "it": "Non adatto ai bambini."},
    ),
    _kind(
        "small_parts",
        {
            "en": (r"\bsmall parts\b", r"\bchoking hazard\b"),
            "de": (r"\bkleinteile", r"\bverschluckbare"),
            "fr": (r"\bpetites pièces\b", r"\bpetits éléments\b"),
            "es": (r"\bpiezas pequeñas\b",),
            "it": (r"\bpiccole parti\b", r"\bparti piccole\b"),
        },
        {"en": "Contains small parts.", "de": "Enthält Kleinteile.",
         "fr": "Contient de petites pièces.", "es": "Contiene piezas pequeñas.",
         "it": "Contiene piccole parti."},
    ),
    _kind(
        # Not "not for children": the item is for them, with an adult there.
        "adult_supervision",
        {
            "en": (r"\b(?:under |with )?adult supervision\b", r"\bsupervised by an adult\b",
                   r"\bin the presence of an adult\b"),
            "de": (r"\bunter (?:der )?aufsicht (?:eines |von |einer )?erwachsenen\b", r"\bim beisein (?:eines|von) erwachsenen\b"),
            "fr": (r"\ben présence d'un adulte\b", r"\bsous (?:la )?surveillance d'un adulte\b",
                   r"\bsurveillance d'un adulte\b"),
            "es": (r"\bbajo (?:la )?supervisión de un adulto\b", r"\ben presencia de un adulto\b"),
            "it": (r"\bsotto la supervisione di un adulto\b", r"\bin presenza di un adulto\b"),
        },
        {"en": "To be used under adult supervision.", "de": "Nur unter Aufsicht von Erwachsenen verwenden.",
         "fr": "À utiliser sous la surveillance d'un adulte.",
         "es": "Usar bajo la supervisión de un adulto.",
         "it": "Da usare sotto la supervisione di un adulto."},
    ),
    _kind(
        # What the photos or the title show but the buyer does not get: "Card is not included"
        # on a card display slab, "Frame not included" on a print. Policy sentences (shipping,
        # taxes) are not about the item and are left out by the subject check.
        "not_included",
        {
            "en": (r"\b(?!(?:shipping|postage|delivery|tax|taxes|vat|duty|duties|customs|import|fees?|costs?|charges?"
                   r"|is|are|be|not|it|this|that|and|or)\b)[\w'-]+(?: [\w'-]+)? (?:is |are )?not included\b",
                   r"\b(?:is|are) sold separately\b"),
            "de": (r"(?<!versand )(?<!versandkosten )(?<!porto )\bnicht (?:im lieferumfang )?(?:enthalten|inbegriffen)\b",
                   r"\bwird separat verkauft\b"),
            "fr": (r"(?<!port )(?<!livraison )(?<!envoi )(?<!frais )\b(?:non|pas) (?:inclus|incluse|incluses|fourni|fournie|fournis|fournies)\b",
                   r"\bn'(?:est|sont) pas (?:inclus|incluse|fourni|fournie)s?\b", r"\bvendu(?:e|s|es)? séparément\b"),
            "es": (r"(?<!envío )(?<!gastos )\bno (?:está |están |se )?(?:incluid[oa]s?|incluye)\b",
                   r"\bse vende(?:n)? por separado\b"),
            "it": (r"(?<!spedizione )(?<!spese )\bnon (?:è |sono )?(?:inclus[oaie]|compres[oaie])\b",
                   r"\bvendut[oaie] separatamente\b"),
        },
        {"en": "What is not included, in the maker's words: {said}", "de": "Nicht im Lieferumfang enthalten, laut Hersteller: {said}",
         "fr": "Non inclus, selon le créateur : {said}", "es": "No incluido, según el autor: {said}",
         "it": "Non incluso, secondo l'autore: {said}"},
    ),
    _kind(
        "not_a_toy",
        {
            "en": (r"\b(?:is )?not a (?:children's |child's )?toy\b", r"\bnot (?:intended|meant) (?:as|to be) a toy"),
            "de": (r"\bkein spielzeug",),
            "fr": (r"\b(?:pas|non) un jouet\b",),
            "es": (r"\bno es un juguete\b",),
            "it": (r"\bnon è un giocattolo\b",),
        },
        {"en": "Not a toy.", "de": "Kein Spielzeug.", "fr": "Ce n'est pas un jouet.",
         "es": "No es un juguete.", "it": "Non è un giocattolo."},
    ),
    _kind(
        "indoor_only",
        {
            "en": (r"\bindoor (?:use )?only\b", r"\bfor indoor use\b", r"\bnot (?:suitable )?for outdoor",
                   r"\bnot weather[- ]?proof"),
            "de": (r"\bnur für (?:den )?innen(?:bereich|räume)", r"\bnicht für (?:den )?außen"),
            "fr": (r"\b(?:usage )?(?:en )?intérieur uniquement", r"\bpour l'intérieur uniquement",
                   r"\bpas pour l'extérieur", r"\bne convient pas à l'extérieur"),
            "es": (r"\bsolo (?:para )?(?:uso en )?interiores?\b", r"\bno apt[oa] para exteriores?"),
            "it": (r"\bsolo (?:per )?(?:uso )?(?:in )?intern[oi]\b", r"\bnon adatt[oa] all'esterno"),
        },
        {"en": "For indoor use only.", "de": "Nur für den Innenbereich.",
         "fr": "Usage en intérieur uniquement.", "es": "Solo para interiores.",
         "it": "Solo per uso interno."},
    ),
    _kind(
        "keep_dry",
        {
            "en": (r"\bnot waterproof\b", r"\bnot water[- ]?(?:resistant|tight)\b", r"\bkeep (?:it |them )?(?:dry|away from water)",
                   r"\bavoid (?:contact with |getting it in )?water\b", r"\bdo not (?:get (?:it |them )?wet|submerge|immerse|soak)"),
            "de": (r"\bnicht wasser(?:fest|dicht)", r"\bvor (?:wasser|nässe|feuchtigkeit) schützen", r"\btrocken (?:aufbewahren|halten)",
                   r"\bnicht nass werden"),
            "fr": (r"\b(?:pas|non) (?:étanche|imperméable)", r"\béviter (?:le contact avec )?l'eau", r"\bà l'abri de l'(?:eau|humidité)",
                   r"\bne pas mouiller", r"\b(?:tenir|conserver|garder) au sec", r"\bcraint l'eau",
                   r"\b(?:pas|jamais) (?:être )?(?:mis |mise )?en contact avec l'eau"),
            "es": (r"\bno (?:es )?(?:resistente al agua|impermeable)", r"\bevit(?:ar|e) (?:el contacto con )?(?:el )?agua",
                   r"\bmantener (?:seco|alejado del agua)", r"\bno mojar", r"\bno (?:es )?estanc[oa]\b"),
            "it": (r"\bnon (?:è )?(?:impermeabile|resistente all'acqua)", r"\bevitare (?:il contatto con )?l'acqua",
                   r"\btenere all'asciutto", r"\bnon bagnare", r"\bnon (?:garantisce|è) (?:la |a )?tenuta stagna"),
        },
        {"en": "Keep it dry: it is not waterproof.", "de": "Vor Nässe schützen, nicht wasserfest.",
         "fr": "Craint l'eau : à tenir au sec.", "es": "Mantener seco: no es resistente al agua.",
         "it": "Tenere all'asciutto: non è impermeabile."},
    ),
    _kind(
        "avoid_heat_or_sun",
        {
            "en": (r"\b(?:avoid|keep (?:it |them )?(?:away from|out of)) (?:prolonged )?(?:direct )?(?:sun(?:light)?|heat|high temperatures)",
                   r"\bnot heat[- ]?(?:resistant|proof)", r"\bdo not leave (?:it )?in (?:direct )?sun"),
            "de": (r"\bvor (?:direkter )?(?:sonne|sonneneinstrahlung|hitze)", r"\bnicht hitzebeständig",
                   r"\bkeine(?:r)? (?:direkten )?(?:sonne|hitze)"),
            "fr": (r"\b(?:éviter|à l'abri d[ue]s?|loin d[ue]s?) (?:l'exposition (?:directe )?(?:au|à la) |le |la |l')?(?:soleil|chaleur|lumière directe|sources de chaleur)",
                   r"\bne pas exposer au soleil"),
            "es": (r"\bevit(?:ar|e) (?:el |la )?(?:luz solar|sol|calor)", r"\bno exponer al sol"),
            "it": (r"\bevitare (?:il |la |l')?(?:luce (?:solare )?diretta|sole|calore)", r"\bnon esporre al sole"),
        },
        {"en": "Keep it out of direct sun and heat.", "de": "Vor Hitze schützen und nicht der direkten Sonne aussetzen.",
         "fr": "À l'abri du soleil direct et de la chaleur.", "es": "Evitar el sol directo y el calor.",
         "it": "Evitare il sole diretto e il calore."},
    ),
    _kind(
        "digital_only",
        {
            "en": (r"\bdigital (?:download|file|product|item|pdf)", r"\binstant(?:ly)? download", r"\bno physical (?:item|product|copy|print)",
                   r"\bnothing (?:physical )?will be (?:shipped|mailed|sent)", r"\bdownloadable (?:file|pdf|pattern|plan)",
                   r"\bpdf\b[^.]{0,80}\b(?:to|at) (?:the|your) e-?mail", r"\bnot a physical (?:item|product)",
                   # A reading or a file that arrives by email ("An email and Etsy message with
                   # a photo of your cards and spread"): nothing is posted either.
                   r"\b(?:sent|delivered|emailed) (?:to you )?(?:by|via) e-?mail\b",
                   r"\breceive\b[^.;\n]{0,40}\be-?mail\b",
                   r"\ban e-?mail (?:and (?:an? )?\w+ message )?with (?:a |the |your )?(?:photo|pdf|file|link|reading)"),
            "de": (r"\bdigitale[rn]? (?:download|datei|produkt)", r"\bkein(?:e|en)? physische", r"\bsofort-?download"),
            "fr": (r"\btéléchargement(?: numérique| immédiat)?\b", r"\bfichier numérique", r"\bproduit numérique",
                   r"\baucun (?:produit|article|objet) physique", r"\bpas d'article physique"),
            "es": (r"\bdescarga (?:digital|inmediata|instantánea)", r"\barchivo digital", r"\bproducto digital",
                   r"\bning[uú]n (?:producto|artículo) físico", r"\bno un artículo físico"),
            "it": (r"\bdownload (?:digitale|immediato)", r"\bfile digitale", r"\bprodotto digitale",
                   r"\b(?:nessun|alcun) (?:prodotto|articolo|oggetto) fisico"),
        },
        # Said so that it is true of a download and of a reading sent by email alike.
        {"en": "Delivered digitally: you receive a file or an email, not a physical item.",
         "de": "Digitale Lieferung: Sie erhalten eine Datei oder E-Mail, keinen physischen Artikel.",
         "fr": "Livraison numérique : vous recevez un fichier ou un e-mail, aucun article physique.",
         "es": "Entrega digital: recibes un archivo o un correo electrónico, ningún artículo físico.",
         "it": "Consegna digitale: ricevi un file o un'e-mail, nessun articolo fisico."},
    ),
    _kind(
        "personal_use_only",
        {
            "en": (r"\bpersonal use only\b", r"\bfor personal use\b", r"\bnon[- ]?commercial use", r"\bno commercial use",
                   r"\bnot for (?:commercial use|resale)", r"\b(?:may|do|must) not (?:be )?(?:resell|resold|redistribut)"),
            "de": (r"\bnur für den (?:privaten|persönlichen) gebrauch", r"\bnicht für (?:die )?kommerzielle", r"\bkein weiterverkauf"),
            "fr": (r"\busage personnel uniquement", r"\b(?:pour un |à )usage (?:personnel|privé)", r"\brevente interdite",
                   r"\bpas d'usage commercial", r"\bne peut (?:pas )?être revendu"),
            "es": (r"\b(?:solo )?para uso personal", r"\buso no comercial", r"\bprohibida la reventa"),
            "it": (r"\b(?:solo )?per uso personale", r"\buso non commerciale", r"\bvietata la rivendita"),
        },
        {"en": "For personal use only: no resale or commercial use.",
         "de": "Nur für den persönlichen Gebrauch, kein Weiterverkauf.",
         "fr": "Usage personnel uniquement, revente interdite.",
         "es": "Solo para uso personal, prohibida la reventa.",
         "it": "Solo per uso personale, vietata la rivendita."},
    ),
    _kind(
        "not_medical",
        {
            "en": (r"\bnot (?:a )?(?:substitute|replacement) for (?:professional )?(?:medical|psychological|legal|financial)",
                   r"\b(?:for )?entertainment (?:purposes )?only", r"\bnot (?:intended to )?(?:diagnose|treat|cure)\b",
                   r"\bnot medical advice", r"\bno (?:medical|healing) (?:claims|properties)",
                   r"\b(?:do not|don't|cannot|can't|won't) (?:do |give |offer |answer )?readings? (?:about|on|for)\b[^.]{0,80}\bmedical"),
            "de": (r"\bkein ersatz für (?:ärztliche|medizinische|professionelle)", r"\bnur zur unterhaltung", r"\bkeine medizinische"),
            "fr": (r"\bne remplace (?:pas )?(?:un avis|une consultation|un traitement|l'avis) (?:médical|d'un médecin)",
                   r"\b(?:à titre de |pour le )divertissement", r"\baucune (?:vertu|propriété) (?:médicale|thérapeutique)"),
            "es": (r"\bno (?:sustituye|reemplaza) (?:el |un |la )?(?:consejo|tratamiento|consulta|atención) médic[oa]",
                   r"\b(?:con fines de|para) entretenimiento", r"\bsin propiedades (?:medicinales|curativas)"),
            "it": (r"\bnon (?:sostituisce|sostituiscono) (?:il |un |una )?(?:parere|consulto|trattamento|consiglio) medic",
                   r"\ba (?:scopo|fini) di intrattenimento", r"\bnessuna proprietà (?:curativa|terapeutica|medica)"),
        },
        {"en": "Not medical advice or a treatment.", "de": "Kein Ersatz für ärztlichen Rat oder eine Behandlung.",
         "fr": "Ne remplace pas un avis médical ni un traitement.",
         "es": "No sustituye el consejo médico ni un tratamiento.",
         "it": "Non sostituisce il parere medico né un trattamento."},
    ),
)
RESTRICTIONS_BY_KEY: dict[str, RestrictionKind] = {kind.key: kind for kind in RESTRICTION_KINDS}


@cache
def _compiled(key: str, languages: tuple[str, ...]) -> re.Pattern[str]:
    kind = RESTRICTIONS_BY_KEY[key]
    parts = [p for lang in languages for p in kind.patterns.get(lang, ())]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


# An age limit the seller sets is kept with its age: "aged 9+" is no "not suitable for children".
_AGE = re.compile(r"(?<![\d.,])(\d{1,2})(?![\d.,])")
AGE_LIMITED: dict[str, str] = {
    "en": "Not suitable for children under {age}.",
    "de": "Nicht für Kinder unter {age} Jahren geeignet.",
    "fr": "Ne convient pas aux enfants de moins de {age} ans.",
    "es": "No apto para menores de {age} años.",
    "it": "Non adatto ai bambini sotto i {age} anni.",
}


# Where the seller's sentence is not at hand, what is not included cannot be named.
NOT_INCLUDED_UNNAMED: dict[str, str] = {
    "en": "Some things shown are not included: see the maker's listing.",
    "de": "Einiges Abgebildete ist nicht im Lieferumfang enthalten: siehe die Angaben des Herstellers.",
    "fr": "Tout ce qui est montré n'est pas inclus : voir l'annonce du créateur.",
    "es": "Parte de lo que se muestra no está incluido: consulte el anuncio del autor.",
    "it": "Parte di ciò che è mostrato non è incluso: vedere l'annuncio dell'autore.",
}


def canonical_phrase(key: str, locale: str, seller_words: str = "",
                     quote: Callable[[str], str] = "“{}”".format) -> str:
    """The locale's phrase for a restriction, with the seller's age limit where one is given,
    and what is not included in the seller's own words (`quote`d as the locale quotes)."""
    if key == "not_for_children" and locale in AGE_LIMITED and (age := _AGE.search(seller_words)):
        return AGE_LIMITED[locale].format(age=age.group(1))
    if key == "not_included":
        return (RESTRICTIONS_BY_KEY[key].canonical[locale].format(said=quote(seller_words.strip()))
                if seller_words.strip() else NOT_INCLUDED_UNNAMED[locale])
    return RESTRICTIONS_BY_KEY[key].canonical[locale]


def restriction_pattern(key: str, languages: tuple[str, ...] = LANGUAGES) -> re.Pattern[str]:
    return _compiled(key, tuple(languages))


def find_restrictions(text: str, languages: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    """Restriction kind -> the words that state it, for every kind `text` states."""
    found = {}
    for kind in RESTRICTION_KINDS:
        if match := restriction_pattern(kind.key, languages).search(text):
            found[kind.key] = match.group(0)
    return found


def restriction_spans(text: str, languages: tuple[str, ...] = LANGUAGES) -> list[tuple[int, int]]:
    """Where `text` states restrictions: a "not food safe" there is no food-safe claim."""
    return [m.span() for kind in RESTRICTION_KINDS
            for m in restriction_pattern(kind.key, languages).finditer(text)]


# --- care actions ---------------------------------------------------------------------------
# An action a draft may only recommend when the seller does: category care advice ("wash gently
# by hand") on a wreath with floral foam contradicts a seller who says "dust with a soft cloth".
CARE_ACTIONS: dict[str, dict[str, str]] = {
    "wash": {"en": r"\bwash(?:ed|es|ing|able)?\b|\brins(?:e|ed|ing)\b|\bsoak",
             "de": r"\b(?:wasch|wäsch|spül|abwasch|einweich)\w*", "fr": r"\b(?:lav(?:er|age|able|ez)|rinc\w+|tremp\w+)\b",
             "es": r"\b(?:lav(?:ar|ado|able|e)|enjuag\w+|remoj\w+)\b", "it": r"\b(?:lav(?:are|aggio|abile|a)|sciacqu\w+|ammoll\w+)\b"},
    "machine_wash": {"en": r"\bmachine[- ]?wash\w*|\bwashing machine", "de": r"\bwaschmaschine|\bmaschinenwäsche|\bmaschinenwaschbar",
                     "fr": r"\blave-linge|\ben machine\b", "es": r"\blavadora\b|\ba máquina\b", "it": r"\blavatrice\b"},
    "dishwasher": {"en": r"\bdishwasher", "de": r"\bspülmaschine|\bgeschirrspül", "fr": r"\blave-vaisselle",
                   "es": r"\blavavajillas", "it": r"\blavastoviglie"},
    "tumble_dry": {"en": r"\btumble[- ]?dr", "de": r"\btrockner", "fr": r"\bsèche-linge", "es": r"\bsecadora", "it": r"\basciugatrice"},
    "iron": {"en": r"\biron(?:ed|ing)?\b(?! ?(?:wire|metal))", "de": r"\bbügel", "fr": r"\brepass", "es": r"\bplanch(?:ar|ado)", "it": r"\bstir(?:are|atura)"},
    "bleach": {"en": r"\bbleach", "de": r"\bbleich", "fr": r"\bjavel|\bblanchi", "es": r"\blejía", "it": r"\bcandeggi"},
    # Not the plural: "pollution from computers, microwaves" lists appliances, it is no care.
    "microwave": {"en": r"\bmicrowave(?!s\b)", "de": r"\bmikrowelle(?!n\b)", "fr": r"\bmicro-?ondes", "es": r"\bmicroondas", "it": r"\bmicroonde"},
}
NEGATION = re.compile(
    r"\b(?:not|no|never|don't|do not|avoid|without|nicht|kein\w*|nie|ohne|ne|pas|jamais|sans|éviter|evitar|non|mai|senza|evitare|sin|nunca)\b",
    re.IGNORECASE,
)


# A setting right after the action makes it an instruction of its own, which a negation before
# the last comma does not reach: "do not bleach, tumble dry low" recommends the dryer, while
# "do not tumble dry, iron or bleach" rules out all three.
_OWN_SETTING = re.compile(
    r"^\W*(?:(?:on|at|en|a|à|al|bei|mit|su)\s+)?(?:low|medium|high|cold|warm|hot|gentle|delicate|normal|inside[- ]out"
    r"|\d+\s*°|schonend|kalt|niedrig\w*|basse|doux|froid|suave|baja|fría|frío|delicato|freddo|bassa)\b",
    re.IGNORECASE,
)


@cache
def _care_pattern(action: str, languages: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(CARE_ACTIONS[action][lang] for lang in languages
                               if lang in CARE_ACTIONS[action]), re.IGNORECASE)


def care_actions(text: str, languages: tuple[str, ...] = LANGUAGES) -> tuple[set[str], set[str]]:
    """(actions recommended, actions ruled out) in `text`: "hand wash" recommends washing, "do
    not put in the dishwasher" rules the dishwasher out. An action is ruled out when a negation
    stands within the six words before it in the same sentence."""
    recommended: set[str] = set()
    ruled_out: set[str] = set()
    for sentence in re.split(r"(?<=[.!?;:])\s+|\n+", text):
        for action in CARE_ACTIONS:
            for match in _care_pattern(action, languages).finditer(sentence):
                before = " ".join(sentence[: match.start()].split()[-6:])
                negations = list(NEGATION.finditer(before))
                negated = bool(negations) and not (
                    re.search(r"[,;]", before[negations[-1].end():])
                    and _OWN_SETTING.match(re.sub(r"^[\w-]*", "", sentence[match.end():])))
                (ruled_out if negated else recommended).add(action)
    return recommended, ruled_out
