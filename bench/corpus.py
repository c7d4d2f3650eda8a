"""A reproducible corpus of wire-style articles for the benchmark.

``generate(n, seed)`` returns ``n`` :class:`~eventcoder.model.Document` objects: a dateline, a
lede and five to nine paragraphs of two to four sentences each, drawn from templates filled with
many countries, armed groups, organisations, people, verbs, weekdays, dates and numbers. The same
``(n, seed)`` always gives the same texts, so runs on different machines code the same words; the
texts differ enough from one another that the benchmark is not the same article ``n`` times.

It stands in for the development texts in ``shared/gold`` when those are not beside the checkout.
"""

from __future__ import annotations

import calendar
import json
import random
from datetime import date, timedelta
from pathlib import Path

from eventcoder.model import Document

# (name, adjective, capital, another city)
COUNTRIES: tuple[tuple[str, str, str, str], ...] = (
    ("Afghanistan", "Afghan", "Kabul", "Kandahar"),
    ("Pakistan", "Pakistani", "Islamabad", "Peshawar"),
    ("Sudan", "Sudanese", "Khartoum", "Port Sudan"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Mekelle"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa"),
    ("Somalia", "Somali", "Mogadishu", "Kismayo"),
    ("Nigeria", "Nigerian", "Abuja", "Maiduguri"),
    ("Mali", "Malian", "Bamako", "Gao"),
    ("Niger", "Nigerien", "Niamey", "Agadez"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria"),
    ("Israel", "Israeli", "Jerusalem", "Tel Aviv"),
    ("Lebanon", "Lebanese", "Beirut", "Tyre"),
    ("Syria", "Syrian", "Damascus", "Aleppo"),
    ("Iraq", "Iraqi", "Baghdad", "Mosul"),
    ("Iran", "Iranian", "Tehran", "Isfahan"),
    ("Turkey", "Turkish", "Ankara", "Istanbul"),
    ("Yemen", "Yemeni", "Sanaa", "Aden"),
    ("Saudi Arabia", "Saudi", "Riyadh", "Jeddah"),
    ("Russia", "Russian", "Moscow", "Belgorod"),
    ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv"),
    ("Azerbaijan", "Azerbaijani", "Baku", "Ganja"),
    ("Armenia", "Armenian", "Yerevan", "Gyumri"),
    ("China", "Chinese", "Beijing", "Shanghai"),
    ("Taiwan", "Taiwanese", "Taipei", "Kaohsiung"),
    ("India", "Indian", "New Delhi", "Mumbai"),
    ("Myanmar", "Myanmar", "Naypyitaw", "Yangon"),
    ("Colombia", "Colombian", "Bogota", "Cali"),
    ("Mexico", "Mexican", "Mexico City", "Culiacan"),
    ("Venezuela", "Venezuelan", "Caracas", "Maracaibo"),
    ("France", "French", "Paris", "Marseille"),
    ("Germany", "German", "Berlin", "Hamburg"),
    ("the United States", "U.S.", "Washington", "New York"),
    ("Britain", "British", "London", "Manchester"),
    ("Democratic Republic of Congo", "Congolese", "Kinshasa", "Goma"),
    ("Sri Lanka", "Sri Lankan", "Colombo", "Kandy"),
)

GROUPS: tuple[str, ...] = (
    "Hamas",
    "Hezbollah",
    "the Taliban",
    "the Pakistani Taliban",
    "al Shabaab",
    "the Rapid Support Forces",
    "M23 rebels",
    "Houthi rebels",
    "Islamic State",
    "Boko Haram",
    "the PKK",
    "the ELN",
    "the Sinaloa Cartel",
    "Tigrayan forces",
)

ORGANISATIONS: tuple[str, ...] = (
    "the United Nations",
    "the European Union",
    "the African Union",
    "NATO",
    "ECOWAS",
    "the International Monetary Fund",
    "the World Food Programme",
    "the Red Cross",
)

PEOPLE: tuple[str, ...] = (
    "Amina Yusuf",
    "Carlos Mendoza",
    "Olena Kovalenko",
    "Hassan Rahimi",
    "Li Wei",
    "Fatima Diallo",
    "Ahmed Saleh",
    "Sofia Petrova",
    "Rajesh Kumar",
    "Grace Wanjiru",
    "Omar Haddad",
    "Mehmet Yilmaz",
)

TITLES: tuple[str, ...] = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "army spokesman",
    "Interior Minister",
)

WEEKDAYS = tuple(calendar.day_name)
MONTHS = tuple(calendar.month_name[1:])
TOPICS = (
    "the ceasefire",
    "border security",
    "the release of prisoners",
    "grain exports",
    "a debt restructuring",
    "the return of refugees",
    "humanitarian corridors",
    "a new trade agreement",
)
VAGUE = ("dozens of", "scores of", "hundreds of", "several", "at least a dozen")
REPORTERS = ("Reporting by", "Additional reporting by", "Writing by")

# Sentence templates. Slots: {C}/{C2} country, {A}/{A2} adjective, {CAP}/{CAP2} capital,
# {CITY} city, {G} group, {O} organisation, {P} person, {T} title, {D} weekday, {M} month,
# {N} small number, {BIG} large number, {TOPIC}, {VAGUE}, {Y} year.
LEDES: tuple[str, ...] = (
    "{A} forces shelled positions held by {G} near {CITY} on {D}, killing at least {N} "
    "fighters, the military said.",
    "{C} accused {C2} of violating the ceasefire agreed in {M}, and warned that it would "
    "respond to any further attack.",
    "The foreign ministers of {C} and {C2} met in {CAP} on {D} to discuss {TOPIC}, the first "
    "such talks in {N} years.",
    "{C} imposed sanctions on {N} {A2} officials and {N2} companies it accused of supplying "
    "weapons to {G}.",
    "Thousands of protesters marched through {CITY} on {D} to demand the resignation of the "
    "government, and police fired tear gas to disperse them.",
    "{G} fighters attacked an army base outside {CITY} late on {D}, killing {N} soldiers and "
    "wounding {N2} others, officials said.",
    "{O} said on {D} that it had delivered {BIG} tonnes of food aid to {C}, where {VAGUE} "
    "thousands of people have fled the fighting.",
    "{A} troops began withdrawing from {CITY} on {D} under a deal brokered by {O}.",
)

BODY: tuple[str, ...] = (
    '{T} {P} said the talks had been "constructive" but that no agreement had been reached '
    "on {TOPIC}.",
    '"We will not accept any solution imposed from outside," {P} told reporters in {CAP}.',
    "{A} officials denied that their forces had crossed the border, saying the reports were false.",
    "{O} called for an immediate ceasefire and urged both sides to return to negotiations.",
    "The conflict has killed more than {BIG} people since {Y}, according to {O} figures.",
    "{C2} threatened to retaliate if the strikes continued, and summoned the {A} ambassador.",
    "A spokesman for {G} said the group had not been involved in the attack on {D}.",
    "Witnesses said {VAGUE} people were killed when a car bomb exploded at a checkpoint in "
    "{CITY} on {D}.",
    "{C} agreed to release {N} prisoners in exchange for {N2} soldiers held by {G}.",
    "The {A2} government said on {D} that it had recalled its ambassador from {CAP}.",
    "{C} pledged ${N} billion in military aid to {C2} at a donors' meeting in {CAP2}.",
    "Police arrested {N} people in {CITY} after clashes between protesters and security "
    "forces on {D}.",
    "{P}, the {A} {T}, is due to travel to {CAP2} next week for talks with his counterpart.",
    "The {A} army said it had repelled an attack by {G} and killed {N} militants on {M} {DAY}.",
    "{O} said the fighting had displaced about {BIG} people in the past {N} weeks.",
    "Talks between {C} and {C2} on {TOPIC} ended without a joint statement on {D}.",
    "{A2} drones struck fuel depots near {CITY} overnight, the regional governor said.",
    "The {A} central bank raised interest rates to {N} percent, citing rising prices.",
    "{G} said it had seized control of {CITY}, a claim the army rejected.",
    "Diplomats said {C} had asked {O} for an emergency loan of ${N} billion.",
    "The two sides signed an agreement in {CAP} on {M} {DAY}, {Y}, to reopen the border.",
    "{C} expelled {N} {A2} diplomats on {D}, accusing them of spying.",
    "It was not immediately possible to verify the reports independently.",
    "{A} state media said the president had ordered troops to the border.",
)


def _slots(rng: random.Random, published: date) -> dict[str, str]:
    country, country2 = rng.sample(COUNTRIES, 2)
    return {
        "C": country[0],
        "A": country[1],
        "CAP": country[2],
        "CITY": rng.choice((country[2], country[3])),
        "C2": country2[0],
        "A2": country2[1],
        "CAP2": country2[2],
        "G": rng.choice(GROUPS),
        "O": rng.choice(ORGANISATIONS),
        "P": rng.choice(PEOPLE),
        "T": rng.choice(TITLES),
        "D": WEEKDAYS[rng.randrange(7)],
        "M": MONTHS[rng.randrange(12)],
        "DAY": str(rng.randint(1, 28)),
        "N": str(rng.randint(2, 60)),
        "N2": str(rng.randint(2, 40)),
        "BIG": f"{rng.randint(1, 900) * 100:,}",
        "TOPIC": rng.choice(TOPICS),
        "VAGUE": rng.choice(VAGUE),
        "Y": str(published.year - rng.randint(1, 12)),
    }


def _sentence(rng: random.Random, templates: tuple[str, ...], published: date) -> str:
    text = rng.choice(templates).format(**_slots(rng, published))
    return text[0].upper() + text[1:]


def article(rng: random.Random, published: date) -> str:
    """One wire-style article: dateline + lede, body paragraphs, a reporting credit."""
    place = rng.choice(COUNTRIES)[2].upper()
    dateline = f"{place}, {MONTHS[published.month - 1]} {published.day} (Wire) - "
    paragraphs = [dateline + _sentence(rng, LEDES, published)]
    for _ in range(rng.randint(5, 9)):
        sentences = [_sentence(rng, BODY, published) for _ in range(rng.randint(2, 4))]
        paragraphs.append(" ".join(sentences))
    credit = f"({rng.choice(REPORTERS)} {rng.choice(PEOPLE)}; Editing by {rng.choice(PEOPLE)})"
    paragraphs.append(credit)
    return "\n\n".join(paragraphs) + "\n"


def generate(n: int, seed: int = 0) -> list[Document]:
    """``n`` reproducible articles, each with its own publication date in 2019-2025."""
    rng = random.Random(seed)
    start = date(2019, 1, 1)
    documents = []
    for i in range(n):
        published = start + timedelta(days=rng.randrange(7 * 365))
        documents.append(
            Document(
                id=f"generated-{seed}-{i:05d}", text=article(rng, published), published=published
            )
        )
    return documents


def write_jsonl(n: int, path: Path, seed: int = 0) -> Path:
    """``generate(n, seed)`` written as JSON Lines (``{"id", "text", "published"}``), the input
    ``eventcoder batch`` reads; the same ``(n, seed)`` writes the same bytes."""
    with path.open("w", encoding="utf-8") as out:
        for document in generate(n, seed):
            row = {"id": document.id, "text": document.text, "published": str(document.published)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    for document in generate(arguments.docs, arguments.seed):
        print(f"# {document.id} published {document.published}\n{document.text}")
