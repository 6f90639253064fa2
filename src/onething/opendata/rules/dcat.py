"""The catalogue in the W3C DCAT vocabulary, as JSON-LD (pure: from the plain metadata the
API answers with, no database). Each dataset is a ``dcat:Dataset`` with its publisher
(``foaf:Organization``), theme (``skos:Concept``), keywords, licence, update frequency
(the Dublin Core frequency vocabulary), dates, its columns (``csvw:Column``) and one
``dcat:Distribution`` per download format."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "csvw": "http://www.w3.org/ns/csvw#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LICENCE_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
FREQUENCY_URIS = {
    "live": "http://purl.org/cld/freq/continuous",
    "daily": "http://purl.org/cld/freq/daily",
    "weekly": "http://purl.org/cld/freq/weekly",
    "monthly": "http://purl.org/cld/freq/monthly",
    "quarterly": "http://purl.org/cld/freq/quarterly",
    "yearly": "http://purl.org/cld/freq/annual",
    "irregular": "http://purl.org/cld/freq/irregular",
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
XSD_TYPES = {
    "text": "xsd:string",
    "integer": "xsd:integer",
    "decimal": "xsd:decimal",
    "date": "xsd:date",
    "boolean": "xsd:boolean",
}


def _text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def licence_node(licence: Mapping[str, str]) -> dict[str, Any]:
    """A licence by its URL where it has one (the Creative Commons licences), else by name."""
    node: dict[str, Any] = {"@type": "dct:LicenseDocument", "dct:title": licence["label"]}
    url = LICENCE_URLS.get(licence["code"])
    if url:
        node["@id"] = url
    return node


def dataset_node(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One dataset of the API's plain metadata as a ``dcat:Dataset``."""
    urls = entry["urls"]
    node: dict[str, Any] = {
        "@id": urls["page"],
        "@type": "dcat:Dataset",
        "dct:identifier": entry["key"],
        "dct:title": entry["title"],
        "dct:description": entry["description"],
        "dct:publisher": {
            "@type": "foaf:Organization",
            "dct:identifier": entry["publisher"]["code"],
            "foaf:name": entry["publisher"]["name"],
        },
        "dcat:theme": {
            "@type": "skos:Concept",
            "skos:notation": entry["theme"]["code"],
            "skos:prefLabel": entry["theme"]["label"],
        },
        "dcat:keyword": list(entry["keywords"]),
        "dct:license": licence_node(entry["licence"]),
        "dct:accrualPeriodicity": {"@id": FREQUENCY_URIS[entry["update_frequency"]["code"]]},
        "dct:issued": {"@value": _text(entry["issued"]), "@type": "xsd:date"},
        "dct:modified": {"@value": _text(entry["modified"]), "@type": "xsd:dateTime"},
        "dct:language": "zh",
        "dcat:landingPage": {"@id": urls["page"]},
        "csvw:tableSchema": {
            "csvw:column": [
                {
                    "csvw:name": f["key"],
                    "csvw:title": f["label"],
                    "csvw:datatype": XSD_TYPES[f["type"]],
                    "dct:description": f["description"],
                    **({"csvw:unit": f["unit"]} if f["unit"] else {}),
                }
                for f in entry["fields"]
            ]
        },
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{entry['title']} ({fmt.upper()})",
                "dcat:downloadURL": {"@id": urls["download"][fmt]},
                "dcat:mediaType": MEDIA_TYPES[fmt],
                "dct:format": fmt.upper(),
                "dct:license": licence_node(entry["licence"]),
            }
            for fmt in MEDIA_TYPES
        ],
    }
    return node


def catalogue_document(
    *, title: str, description: str, url: str, entries: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """The whole catalogue as one JSON-LD document (a ``dcat:Catalog``)."""
    return {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:description": description,
        "dct:language": "zh",
        "dcat:dataset": [dataset_node(e) for e in entries],
    }
