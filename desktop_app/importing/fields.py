"""The fields each kind of import fills, and the header spellings (five languages) that name them."""

from __future__ import annotations

import re
import unicodedata

KINDS = ("conversions", "spend", "touchpoints")

FIELDS: dict[str, tuple[str, ...]] = {
    "conversions": (
        "time", "goal", "order_id", "value", "currency", "quantity", "status", "campaign",
        "channel", "source", "medium", "utm_campaign", "gclid", "gbraid", "wbraid", "fbclid",
        "msclkid", "email", "phone", "customer_id", "consent_ad_user_data",
        "consent_ad_personalization", "notes",
    ),
    "spend": (
        "date", "period_start", "period_end", "campaign", "channel", "platform", "cost",
        "currency", "impressions", "clicks", "platform_conversions", "platform_value",
    ),
    "touchpoints": (
        "customer_id", "time", "channel", "source", "medium", "campaign", "interaction",
        "conversion", "conversion_value", "gclid", "fbclid", "msclkid",
    ),
}  # fmt: skip

# Extra fields presets use (not offered in the generic list, but accepted by --map).
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "conversions": ("order_name", "cancelled_at", "note_attributes", "source_medium"),
    "spend": ("campaign_type",),
    "touchpoints": ("source_medium",),
}

IGNORE = "ignore"

# Spellings shared by every kind: field -> normalised headers (see `normalise_header`).
_COMMON: dict[str, tuple[str, ...]] = {
    "campaign": (
        "campaign",
        "campaign name",
        "kampagne",
        "kampagnenname",
        "name der kampagne",
        "campagne",
        "nom de la campagne",
        "campana",
        "nombre de la campana",
        "campanha",
        "nome da campanha",
    ),
    "channel": (
        "channel",
        "kanal",
        "canal",
        "marketing channel",
        "default channel group",
        "session default channel group",
        "session primary channel group",
        "session primary channel group default channel group",
    ),
    "currency": (
        "currency",
        "currency code",
        "amount currency",
        "conversion currency",
        "wahrung",
        "wahrungscode",
        "devise",
        "code devise",
        "monnaie",
        "moneda",
        "codigo de moneda",
        "moeda",
        "codigo da moeda",
        "divisa",
    ),
    "source": (
        "source",
        "utm source",
        "quelle",
        "origine",
        "fuente",
        "fonte",
        "origem",
        "lead source",
        "session source",
        "first user source",
        "how did you hear about us",
    ),
    "medium": ("medium", "utm medium", "medio", "meio", "support", "session medium"),
    "source_medium": (
        "source medium",
        "session source medium",
        "first user source medium",
        "quelle medium",
        "source support",
        "fuente medio",
        "origem midia",
    ),
    "gclid": ("gclid", "google click id", "google klick id"),
    "gbraid": ("gbraid",),
    "wbraid": ("wbraid",),
    "fbclid": ("fbclid", "facebook click id", "fbc"),
    "msclkid": ("msclkid", "microsoft click id"),
}

_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    "spend": {
        "date": (
            "date",
            "day",
            "tag",
            "datum",
            "jour",
            "fecha",
            "dia",
            "data",
            "reporting date",
            "ad date",
            "date day",
        ),
        "period_start": (
            "reporting starts",
            "start date",
            "period start",
            "from",
            "beginn",
            "startdatum",
            "berichtsbeginn",
            "date de debut",
            "debut des rapports",
            "fecha de inicio",
            "inicio del informe",
            "data de inicio",
            "inicio dos relatorios",
        ),
        "period_end": (
            "reporting ends",
            "end date",
            "period end",
            "to",
            "ende",
            "enddatum",
            "berichtsende",
            "date de fin",
            "fin des rapports",
            "fecha de finalizacion",
            "fin del informe",
            "data de termino",
            "termino dos relatorios",
        ),
        "platform": ("platform", "plattform", "plateforme", "plataforma", "network", "netzwerk"),
        "cost": (
            "cost",
            "costs",
            "spend",
            "spent",
            "amount spent",
            "ad spend",
            "media spend",
            "kosten",
            "ausgegebener betrag",
            "ausgaben",
            "cout",
            "couts",
            "montant depense",
            "depenses",
            "coste",
            "costo",
            "gasto",
            "importe gastado",
            "custo",
            "valor gasto",
            "valor usado",
            "investimento",
        ),
        "impressions": (
            "impressions",
            "impr",
            "impressionen",
            "impresiones",
            "impressoes",
            "impressions totales",
        ),
        "clicks": ("clicks", "klicks", "clics", "cliques", "link clicks", "clicks all"),
        "platform_conversions": (
            "conversions",
            "conv",
            "results",
            "all conv",
            "konversionen",
            "konv",
            "conversiones",
            "conversoes",
            "ergebnisse",
            "resultats",
            "resultados",
            "purchases",
        ),
        "platform_value": (
            "conversion value",
            "conv value",
            "all conv value",
            "total conversion value",
            "purchases conversion value",
            "sale amount",
            "revenue",
            "konversionswert",
            "conv wert",
            "konv wert",
            "conversionswert",
            "valeur de conv",
            "valeur conv",
            "valor de conv",
            "valor conv",
            "valeur de conversion",
            "valeur des conversions",
            "valor de conversion",
            "valor de la conversion",
            "valor de conversao",
            "valor da conversao",
            "umsatz",
        ),
        "campaign_type": ("campaign type", "kampagnentyp", "type de campagne", "tipo de campana"),
    },
    "conversions": {
        "time": (
            "time",
            "date",
            "created at",
            "created",
            "order date",
            "conversion time",
            "timestamp",
            "datetime",
            "day",
            "event time",
            "zeit",
            "datum",
            "erstellt am",
            "bestelldatum",
            "zeitpunkt",
            "date de creation",
            "date de commande",
            "heure",
            "fecha",
            "fecha de creacion",
            "fecha del pedido",
            "hora",
            "data",
            "data de criacao",
            "data do pedido",
            "created date",
            "close date",
            "conversion date",
        ),
        "goal": (
            "goal",
            "conversion name",
            "conversion action",
            "ziel",
            "conversion aktion",
            "objectif",
            "objetivo",
            "meta",
            "conversion goal",
        ),
        "order_id": (
            "order id",
            "order",
            "order number",
            "transaction id",
            "reference",
            "bestellnummer",
            "bestell id",
            "auftragsnummer",
            "numero de commande",
            "no de commande",
            "n de commande",
            "no commande",
            "ref commande",
            "id de commande",
            "commande",
            "bestell nr",
            "bestellnr",
            "auftrags nr",
            "no de pedido",
            "n de pedido",
            "no do pedido",
            "n do pedido",
            "numero de pedido",
            "id del pedido",
            "pedido",
            "numero do pedido",
            "id do pedido",
            "invoice",
            "invoice number",
            "rechnungsnummer",
        ),
        "value": (
            "value",
            "revenue",
            "total",
            "amount",
            "conversion value",
            "sale amount",
            "order total",
            "purchase revenue",
            "total revenue",
            "wert",
            "umsatz",
            "betrag",
            "gesamt",
            "gesamtbetrag",
            "valeur",
            "montant",
            "chiffre d affaires",
            "conv wert",
            "konv wert",
            "conversionswert",
            "konversionswert",
            "valeur de conv",
            "valeur conv",
            "valor de conv",
            "valor conv",
            "valor",
            "importe",
            "ingresos",
            "receita",
            "valor total",
        ),
        "quantity": (
            "quantity",
            "qty",
            "items",
            "menge",
            "anzahl",
            "quantite",
            "cantidad",
            "quantidade",
        ),
        "status": (
            "status",
            "financial status",
            "order status",
            "zahlungsstatus",
            "statut",
            "estado",
            "situacao",
        ),
        "utm_campaign": ("utm campaign", "session campaign", "session campaign name"),
        "email": (
            "email",
            "e mail",
            "email address",
            "e mail address",
            "e mail adresse",
            "emailadresse",
            "courriel",
            "adresse e mail",
            "correo",
            "correo electronico",
            "endereco de email",
        ),
        "phone": (
            "phone",
            "phone number",
            "telephone",
            "telefon",
            "telefonnummer",
            "numero de telephone",
            "telefono",
            "telefone",
        ),
        "customer_id": (
            "customer id",
            "customer",
            "client id",
            "user id",
            "kunden id",
            "kundennummer",
            "id client",
            "id de cliente",
            "id do cliente",
            "prospect id",
            "lead id",
        ),
        "consent_ad_user_data": ("ad user data", "consent ad user data"),
        "consent_ad_personalization": ("ad personalization", "consent ad personalization"),
        "notes": (
            "notes",
            "note",
            "comment",
            "comments",
            "notizen",
            "bemerkung",
            "remarques",
            "notas",
            "observacoes",
        ),
    },
    "touchpoints": {
        "customer_id": (
            "customer id",
            "customer",
            "cookie",
            "user id",
            "user pseudo id",
            "client id",
            "visitor id",
            "kunden id",
            "id client",
            "id de cliente",
            "id do cliente",
        ),
        "time": (
            "time",
            "timestamp",
            "event time",
            "date",
            "datetime",
            "session start",
            "zeit",
            "zeitpunkt",
            "datum",
            "heure",
            "fecha",
            "hora",
            "data",
        ),
        "interaction": (
            "interaction",
            "interaction type",
            "type",
            "event",
            "event name",
            "kind",
            "art",
            "interaktion",
            "tipo",
            "touchpoint type",
        ),
        "conversion": (
            "conversion",
            "converted",
            "is conversion",
            "is conversion purchase",
            "conversions",
            "konversion",
            "konvertiert",
            "conversion flag",
            "conversao",
            "convertido",
        ),
        "conversion_value": (
            "conversion value",
            "value",
            "revenue",
            "konversionswert",
            "wert",
            "valeur de conversion",
            "valor de conversion",
            "valor de conversao",
            "valor",
        ),
        "campaign": ("utm campaign", "session campaign"),
    },
}


# Spellings read as a field only where no column names the field itself (see planning).
FALLBACK_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "spend": {"clicks": ("interactions", "interaktionen", "interacciones", "interacoes")},
}


def normalise_header(text: object) -> str:
    """Lower case, accents and punctuation removed, currency in brackets dropped: `Coût (€)` -> `cout`."""
    s = str(text or "").strip().lower().replace("°", "o")  # N° de commande -> no de commande
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"\((?:[a-z]{3}|[^\w\s]{1,3})\)", " ", s)  # "(usd)", "(€)"
    s = re.sub(r"[_\-./:#()\[\]*,]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def header_currency(text: object) -> str | None:
    """The currency a header names in brackets: `Amount spent (USD)` -> `USD`."""
    from desktop_app.domain.money import CURRENCY_SYMBOLS, is_currency_code

    m = re.search(r"\(([^)]{1,4})\)\s*$", str(text or "").strip())
    if not m:
        return None
    inner = m.group(1).strip()
    if is_currency_code(inner):
        return inner.upper()
    return CURRENCY_SYMBOLS.get(inner)


def synonyms(kind: str) -> dict[str, str]:
    """Normalised header -> field for one kind."""
    table: dict[str, str] = {}
    for source in (_COMMON, _BY_KIND[kind]):
        for field, names in source.items():
            if field not in FIELDS[kind] and field not in EXTRA_FIELDS[kind]:
                continue
            for name in names:
                table[name] = field
    return table


_SYNONYMS = {kind: synonyms(kind) for kind in KINDS}


def guess_field(kind: str, header: object) -> str | None:
    """The field a header most likely names for `kind`, or None."""
    norm = normalise_header(header)
    if not norm:
        return None
    found = _SYNONYMS[kind].get(norm)
    if found:
        return found
    # Prefixes many exports add: "Utm_Campaign", "Session source", "Ad_Date".
    words = norm.split()
    if kind != "spend" and ("date" in words or "datum" in words or words[-1] in ("at", "time")):
        return "time"
    if kind == "spend" and words[-1] in ("date", "day", "datum"):
        return "date"
    if kind == "conversions" and (words[-1] in ("amount", "revenue", "betrag", "montant")):
        return "value"
    if kind == "spend" and words[0] == "amount" and "spent" in words:
        return "cost"
    return None


def all_fields(kind: str) -> tuple[str, ...]:
    return FIELDS[kind] + EXTRA_FIELDS[kind]
