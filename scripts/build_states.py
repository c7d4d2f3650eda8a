"""Regenerate ``src/eventcoder/data/states.yaml`` from pycountry + countryinfo, then curate.

Run only when the upstream libraries change or the curated tables below are edited::

    .venv/bin/python scripts/build_states.py

The generated file is committed; eventcoder never imports countryinfo at run time. Hand
curation lives in the tables of this script (not in the YAML) so that regenerating never loses
it: aliases the libraries lack ("U.S.", "Burma"), demonyms news text uses ("Emirati"), seats
of government used as speakers ("the Kremlin"), and the folding of dependencies into their
controlling state that the PLOVER manual asks for.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pycountry
import yaml
from countryinfo import CountryInfo

OUT = Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "data" / "states.yaml"

# PLOVER folds dependencies into their controlling state; only Hong Kong, Palestine and
# Antarctica keep their own code (manual, "Country names"). Western Sahara goes to Morocco and
# Macao to China by the same rule.
PART_OF: dict[str, str] = {
    **dict.fromkeys(["ASM", "GUM", "MNP", "PRI", "UMI", "VIR"], "USA"),
    **dict.fromkeys(["FRO", "GRL"], "DNK"),
    **dict.fromkeys(
        ["ATF", "BLM", "GLP", "GUF", "MAF", "MTQ", "MYT", "NCL", "PYF", "REU", "SPM", "WLF"],
        "FRA",
    ),
    **dict.fromkeys(
        [
            "AIA",
            "BMU",
            "CYM",
            "FLK",
            "GGY",
            "GIB",
            "IMN",
            "IOT",
            "JEY",
            "MSR",
            "PCN",
            "SGS",
            "SHN",
            "TCA",
            "VGB",
        ],
        "GBR",
    ),
    "ALA": "FIN",
    **dict.fromkeys(["BVT", "SJM"], "NOR"),
    **dict.fromkeys(["ABW", "BES", "CUW", "SXM"], "NLD"),
    **dict.fromkeys(["CCK", "CXR", "HMD", "NFK"], "AUS"),
    **dict.fromkeys(["COK", "NIU", "TKL"], "NZL"),
    "MAC": "CHN",
    "ESH": "MAR",
}

# Canonical names where the ISO name is an inverted form ("Palestine, State of").
NAME: dict[str, str] = {"PSE": "Palestine", "COG": "Republic of the Congo", "VAT": "Holy See"}

# Names the libraries lack or spell differently from English-language news.
EXTRA_ALIASES: dict[str, list[str]] = {
    "USA": ["United States", "United States of America", "U.S.", "US", "USA", "U.S.A.", "America"],
    "GBR": [
        "United Kingdom",
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ],
    "RUS": ["Russia", "Russian Federation"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "SYR": ["Syria", "Syrian Arab Republic"],
    "KOR": ["South Korea", "Republic of Korea", "ROK", "S. Korea", "Korea"],
    "PRK": ["North Korea", "DPRK", "D.P.R.K.", "N. Korea"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Cote d’Ivoire"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "CZE": ["Czechia", "Czech Republic"],
    "MMR": ["Myanmar", "Burma"],
    "TWN": ["Taiwan", "Republic of China", "ROC"],
    "PSE": [
        "Palestine",
        "State of Palestine",
        "Palestinian territories",
        "Palestinian Territories",
        "occupied Palestinian territories",
        "occupied Palestinian territory",
        "Palestinian Authority",
        "Gaza",
        "Gaza Strip",
        "West Bank",
    ],
    "CHN": ["China", "People's Republic of China", "PRC", "mainland China"],
    "ARE": ["United Arab Emirates", "UAE", "U.A.E."],
    "SAU": ["Saudi Arabia", "KSA", "Kingdom of Saudi Arabia"],
    "COD": [
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "DR Congo",
        "DRC",
        "D.R. Congo",
        "Congo-Kinshasa",
        "Congo",
    ],
    "COG": ["Republic of Congo", "Republic of the Congo", "Congo Republic", "Congo-Brazzaville"],
    "CAF": ["Central African Republic", "CAR"],
    "LAO": ["Laos"],
    "VNM": ["Vietnam", "Viet Nam"],
    "MDA": ["Moldova"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste"],
    "VAT": ["Vatican", "Holy See", "Vatican City", "the Vatican"],
    "BHS": ["Bahamas", "The Bahamas"],
    "GMB": ["Gambia", "The Gambia"],
    "NLD": ["Netherlands", "Holland"],
    "FSM": ["Micronesia"],
    "BRN": ["Brunei"],
    "TZA": ["Tanzania"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina", "BiH"],
    "KNA": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "LCA": ["St Lucia", "St. Lucia"],
    "VCT": ["St Vincent and the Grenadines"],
    "STP": ["Sao Tome and Principe", "São Tomé and Príncipe"],
    "HKG": ["Hong Kong"],
    "MAC": ["Macau", "Macao"],
    "ESH": ["Western Sahara"],
}

# Demonyms and adjectives. countryinfo gives one (sometimes odd) form; news uses these.
EXTRA_DEMONYMS: dict[str, list[str]] = {
    "USA": ["American", "Americans"],
    "GBR": ["British", "Briton", "Britons", "Scottish", "Welsh"],
    "ARE": ["Emirati", "Emiratis"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian"],
    "PSE": ["Palestinian", "Palestinians"],
    "KOR": ["South Korean", "South Koreans"],
    "PRK": ["North Korean", "North Koreans"],
    "ARG": ["Argentine", "Argentinian", "Argentines", "Argentinians"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "TJK": ["Tajik", "Tajiks", "Tajikistani"],
    "KAZ": ["Kazakh", "Kazakhs"],
    "UZB": ["Uzbek", "Uzbeks"],
    "DJI": ["Djiboutian", "Djiboutians"],
    "SVN": ["Slovenian", "Slovenians"],
    "CPV": ["Cape Verdean", "Cape Verdeans"],
    "ECU": ["Ecuadorian", "Ecuadorians"],
    "PHL": ["Philippine", "Filipinos"],
    "LAO": ["Lao"],
    "BWA": ["Botswanan", "Batswana"],
    "LSO": ["Basotho"],
    "NPL": ["Nepali"],
    "MMR": ["Myanmar"],
    "TUR": ["Turks"],
    "NLD": ["Dutch"],
    "BIH": ["Bosnian", "Bosnians"],
    "TLS": ["Timorese"],
    "COD": ["Congolese"],
    "DOM": ["Dominican", "Dominicans"],
    "SYC": ["Seychellois"],
    "SUR": ["Surinamese"],
    "VAT": ["Vatican"],
    "ESH": ["Sahrawi", "Sahrawis"],
    "HKG": ["Hong Konger", "Hong Kongers"],
    "MDV": ["Maldivian", "Maldivians"],
    "BHR": ["Bahraini"],
    "PNG": ["Papua New Guinean"],
}

# A demonym that several ISO entries share goes to one state only (the one news means).
DEMONYM_OWNER: dict[str, str] = {
    "Congolese": "COD",
    "Dominican": "DOM",
    "Dominicans": "DOM",
    "Chinese": "CHN",
    "French": "FRA",
    "American": "USA",
    "Americans": "USA",
    "Indian": "IND",
    "Indians": "IND",
    "Norwegian": "NOR",
    "Norwegians": "NOR",
    "British": "GBR",
}

# Demonyms the libraries give that are wrong or are other words.
DROP_DEMONYMS = {
    "Argentinean",
    "Argentineans",
    "Kirghiz",
    "Kirghizs",
    "Tadzhik",
    "Tadzhiks",
    "Djibouti",
    "Djiboutis",
    "Cape Verdian",
    "Cape Verdians",
    "Channel Islander",
    "Channel Islanders",
    "Christmas Island",
    "Christmas Islands",
    "Gibraltar",
    "Gibraltars",
    "Montenegrin",
    "Bosnian,Herzegovinian",
    "Antiguan,Barbudan",
    "Maldivan",
    "Maldivans",
    "Motswana",
    "Motswanas",
    "Mosotho",
    "Mosothos",
    "Heard and McDonald Islander",
    "Heard and McDonald Islanders",
    "South Georgia and the South Sandwich Islander",
    "South Georgia and the South Sandwich Islanders",
    "Wallis and Futuna Islander",
    "Wallis and Futuna Islanders",
    "Kittian and Nevisian",
    "Kittian and Nevisians",
    "Guinea-Bissauan",
    "Guinea-Bissauans",
}

EXTRA_CAPITALS: dict[str, list[str]] = {
    "USA": ["Washington", "Washington, D.C.", "Washington D.C."],
    "KAZ": ["Astana"],
    "MMR": ["Naypyitaw", "Nay Pyi Taw"],
    "YEM": ["Sanaa"],
    "CIV": ["Abidjan"],  # the seat of government, though Yamoussoukro is the capital
    "BOL": ["La Paz"],
    "NLD": ["The Hague"],
    "ZAF": ["Cape Town"],
    "BEN": ["Cotonou"],
    "MYS": ["Putrajaya"],
    "LKA": ["Colombo"],
    "CHE": ["Berne"],
    "UKR": ["Kiev"],
    "PSE": ["Ramallah"],
    "XKX": ["Pristina", "Prishtina"],
    "TUR": ["Ankara"],
    "COL": ["Bogota"],
    "CRI": ["San Jose"],
    "CMR": ["Yaounde"],
    "TGO": ["Lome"],
    "MDA": ["Chisinau"],
    "PRY": ["Asuncion"],
    "STP": ["Sao Tome"],
    "BRA": ["Brasilia"],
    "MDG": ["Antananarivo"],
    "TCD": ["N'Djamena", "Ndjamena"],
    "SDN": ["Port Sudan"],  # the army-backed government's seat since the 2023 war
}

# Capitals that are not usable as speakers or collide with common words and names.
DROP_CAPITALS = {
    "Malé",
    "Victoria",
    "City of Victoria",
    "Kingston",
    "Georgetown",
    "Sana'a",
    "Washington D.C.",
    "Kralendijk / Oranjestad / The Bottom",
    "Jerusalem",
    "Lobamba",
    "Sri Jayawardenepura Kotte",
    "Nur-Sultan",
    "South Tarawa",
}
# Jerusalem is claimed by Israel and Palestine alike; it is re-added for ISR below because
# "Jerusalem said" in news means the Israeli government.
CAPITAL_OVERRIDE: dict[str, list[str]] = {"ISR": ["Jerusalem"]}

# Seats of government and buildings that stand for a state's institutions when they speak.
SEATS: dict[str, dict[str, str]] = {
    "USA": {
        "White House": "GOV",
        "Pentagon": "MIL",
        "State Department": "GOV",
        "Foggy Bottom": "GOV",
        "Capitol Hill": "LEG",
        "Oval Office": "GOV",
        "Langley": "SPY",
    },
    "RUS": {"Kremlin": "GOV"},
    "GBR": {
        "Downing Street": "GOV",
        "Whitehall": "GOV",
        "Number 10": "GOV",
        "No 10": "GOV",
        "Westminster": "LEG",
        "Foreign Office": "GOV",
    },
    "FRA": {
        "Elysee": "GOV",
        "Élysée": "GOV",
        "Elysee Palace": "GOV",
        "Élysée Palace": "GOV",
        "Quai d'Orsay": "GOV",
        "Matignon": "GOV",
    },
    "CHN": {"Zhongnanhai": "GOV"},
    "KOR": {"Blue House": "GOV", "Cheong Wa Dae": "GOV"},
    "DEU": {"Bundestag": "LEG"},
    "ISR": {"Knesset": "LEG"},
    "PAK": {"Rawalpindi": "MIL", "GHQ": "MIL"},
    "JPN": {"Kantei": "GOV"},
    "IND": {"South Block": "GOV"},
    "EGY": {"Ittihadiya": "GOV"},
    "VAT": {"Holy See": "GOV"},
}

# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU and IMF use.
KOSOVO: dict[str, Any] = {
    "iso3": "XKX",
    "name": "Kosovo",
    "aliases": ["Kosovo", "Republic of Kosovo"],
    "demonyms": ["Kosovar", "Kosovars", "Kosovan", "Kosovans"],
    "capitals": ["Pristina", "Prishtina"],
}

# Alternative spellings from countryinfo that are English words or other things.
DROP_ALIASES = {
    "Island",
    "Mann",
    "Thai",
    "Prathet",
    "Guiana",
    "Portuguesa",
    "Mexicanos",
    "Montenegrin",
    "Togolese",
    "Pleasant Island",
    "Congo",
    "The Bermudas",
    " the Abode of Peace",
    "Nation of Brunei",
    "Somers Isles",
}


def _latin(text: str) -> bool:
    """True for names a Latin-script English text could contain (diacritics allowed)."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _plural(demonym: str) -> str | None:
    """The plural noun of a demonym, or None where it has none ("Chinese", "British")."""
    if demonym.endswith(("ese", "sh", "ch", "ss", "i ", "x")) or " " in demonym:
        return None
    return demonym + "s"


def _clean_name(name: str) -> str | None:
    """ISO names like "Iran, Islamic Republic of" are not how text names a country."""
    if "," in name or "(" in name:
        return None
    return name.strip()


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def build() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    demonym_claims: dict[str, list[str]] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        info = CountryInfo(iso3).info()
        names = [
            _clean_name(getattr(country, "common_name", "") or ""),
            _clean_name(country.name),
            _clean_name(info.get("name") or ""),
        ]
        name = NAME.get(iso3) or next((n for n in names if n), country.name)
        official = getattr(country, "official_name", "") or ""
        aliases = [n for n in names if n] + [_clean_name(official) or ""]
        aliases += [
            a.strip()
            for a in info.get("altSpellings", [])
            if len(a.strip()) > 3 and _latin(a) and _clean_name(a)
        ]
        aliases += EXTRA_ALIASES.get(iso3, [])
        aliases = [
            a for a in _unique(aliases) if a not in DROP_ALIASES or a in EXTRA_ALIASES.get(iso3, [])
        ]
        aliases = _unique([re.sub(r"^the ", "", a) for a in aliases])

        demonyms: list[str] = []
        for raw in (info.get("demonym") or "").split(","):
            raw = raw.strip()
            if raw and raw not in DROP_DEMONYMS:
                demonyms.append(raw)
                plural = _plural(raw)
                if plural and plural not in DROP_DEMONYMS:
                    demonyms.append(plural)
        demonyms = _unique(demonyms + EXTRA_DEMONYMS.get(iso3, []))
        for d in demonyms:
            demonym_claims.setdefault(d, []).append(iso3)

        capitals = [] if iso3 in PART_OF else [info.get("capital") or ""]
        capitals = [c for c in capitals if c and c not in DROP_CAPITALS and c not in aliases]
        capitals = _unique(capitals + EXTRA_CAPITALS.get(iso3, []) + CAPITAL_OVERRIDE.get(iso3, []))

        row: dict[str, Any] = {"iso3": iso3, "name": name, "aliases": aliases}
        if demonyms:
            row["demonyms"] = demonyms
        if capitals:
            row["capitals"] = capitals
        if SEATS.get(iso3):
            row["seats"] = SEATS[iso3]
        if iso3 in PART_OF:
            row["part_of"] = PART_OF[iso3]
        rows.append(row)

    rows.append(KOSOVO)
    # A shared demonym belongs to one state: the declared owner, else a sovereign state over a
    # dependency (so "French" is FRA, not Réunion), else the first claimant.
    by_iso = {r["iso3"]: r for r in rows}
    for demonym, claimants in demonym_claims.items():
        if len(claimants) < 2:
            continue
        owner = DEMONYM_OWNER.get(demonym)
        if owner is None:
            sovereign = [c for c in claimants if c not in PART_OF]
            owner = (sovereign or claimants)[0]
        for iso3 in claimants:
            if iso3 != owner:
                by_iso[iso3]["demonyms"] = [d for d in by_iso[iso3]["demonyms"] if d != demonym]
                if not by_iso[iso3]["demonyms"]:
                    del by_iso[iso3]["demonyms"]
    return sorted(rows, key=lambda r: r["iso3"])


HEADER = """\
# Every ISO 3166-1 country (plus Kosovo, XKX): the names, demonyms, capitals and seats of
# government that refer to it. GENERATED by scripts/build_states.py from pycountry and
# countryinfo plus the curated tables in that script: edit the script, not this file.
#
# Fields: iso3 (the code actors reduce to), name (canonical), aliases (names and short forms),
# demonyms (adjectives and people nouns: "Pakistani", "Pakistanis"), capitals (used as speakers:
# "Islamabad said"), seats ({building: sector}: "the Pentagon" is the US military), part_of
# (PLOVER folds a dependency into its controlling state: Puerto Rico codes as USA).
#
# `blocked` lists longer phrases that contain a country name but are not the country
# ("Latin America", "New Mexico", "South China Sea"): the matcher consumes them and emits nothing.
"""

BLOCKED = [
    "Latin America",
    "South America",
    "North America",
    "Central America",
    "Americas",
    "New Mexico",
    "New Jersey",
    "New Guinea",
    "New South Wales",
    "New England",
    "South China Sea",
    "East China Sea",
    "Indian Ocean",
    "Indian Country",
    "Native American",
    "Native Americans",
    "American Indian",
    "Georgia Tech",
    "Persian Gulf",
    "Arabian Sea",
    "Arabian Peninsula",
    "Irish Sea",
    "English Channel",
    "Gulf of Mexico",
    "Sea of Japan",
    "Gulf of Oman",
    "Gulf of Guinea",
    "Jordan River",
    "Dead Sea",
    "Korean Peninsula",
    "Korean War",
    "Chinese New Year",
    "French Open",
    "Australian Open",
    "British Open",
    "US Open",
    "U.S. Open",
    "Washington Post",
    "Washington state",
    "Washington State",
    "Mexican standoff",
    "Panama Canal",
    "Suez Canal",
    "Turkish delight",
    "Swiss franc",
    "Hong Kong dollar",
    "US dollar",
    "U.S. dollar",
    "Canadian dollar",
    "Australian dollar",
    "British Columbia",
    "British Museum",
    "Dutch auction",
    "Indian Premier League",
    "American Express",
    "American Airlines",
    "Bank of America",
    "Captain America",
    "America's Cup",
    "Niger Delta",
    "Niger River",
    "Congo River",
    "Congo Basin",
    "Sea of Azov",
    "Azov Sea",
]


def main() -> None:
    rows = build()
    lines = [HEADER, "states:"]
    for row in rows:
        flow = yaml.safe_dump(
            row, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False
        )
        lines.append("  - " + flow.strip())
    lines.append("")
    lines.append("blocked:")
    for phrase in BLOCKED:
        lines.append("  - " + yaml.safe_dump(phrase, allow_unicode=True).split("\n")[0])
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} states to {OUT}")


if __name__ == "__main__":
    main()
