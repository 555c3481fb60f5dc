"""Write a synthetic corpus of valid fact files for the benchmark (stdlib only, deterministic).

    python bench/generate_corpus.py OUT_DIR [--facts 100000] [--files 1000] [--seed 1]

Every file is one made-up article: its own [[source]], a few [[topic]]s and [[entity]]s and its
share of the [[fact]]s, in the format of facts/README.md. Ids start with `syn<seed>-<file>-`, so
they are unique across files and never clash with the bundled ids. The text is built from word
lists of news and politics vocabulary with invented names and places, so that the index sees a
realistic mix of common words and a long tail of rare ones. One fact in `--troop-every` (200)
is about troop numbers, so that `belarus ask "troop estimates"` has matches in the corpus; no
other fact uses the words "troop(s)" or "estimate(s)".

The same arguments always give the same bytes. A `corpus.json` manifest is written last, so an
interrupted run is recognisable by its absence.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

GENERATOR_VERSION = 1
MANIFEST = "corpus.json"
FILE_PREFIX = "synth-"

# Typography of the articles, written as escapes so that the source stays plain ASCII.
APOSTROPHE, EN_DASH, OPEN_QUOTE, CLOSE_QUOTE, EURO = (
    "\u2019",
    "\u2013",
    "\u201c",
    "\u201d",
    "\u20ac",
)


def words(text: str) -> list[str]:
    return text.split()


# --- vocabulary -------------------------------------------------------------------------------

FIRST_NAMES = words(
    """
Alexander Alyaksandr Andrei Anton Artyom Dmitry Dzmitry Mikhail Mikalai Pavel Siarhei Sergei
Viktor Vladimir Yury Ihar Igor Aliaksei Maxim Raman Kiryl Vadim Valery Ivan Yan Oleg Stanislau
Tatsiana Tatiana Sviatlana Svetlana Maria Maryia Volha Olga Iryna Alena Elena Natallia Anna
Hanna Veranika Darya Katsiaryna Yuliya Lyudmila Ksenia Nina Palina Marta Agnieszka Tomasz
Piotr Jonas Ruta Andrius Oksana Taras Bohdan Yevhen Halyna Mykola Serhiy James Emily Thomas
"""
)
SURNAME_STARTS = words(
    """
Kov Zhur Pas Dan Lyt Bar Hrom Sav Tsikh Mar Kaz Lev Ost Pav Rub Sem Yar Bel Char Dub Hal Kur
Lab Mik Nav Pryh Shch Tar Vol Zub Ahr Bab Bud Hol Kras Les Mal Pal Sad Tkach Yan Zel Kul Mel
Shav Bor Kra Lis Mak Nes Rad Sit Yel Zav
"""
)
SURNAME_MIDDLES = ["a", "o", "i", "e", "u", "", "al", "en", "ar", "ush", "ik"]
SURNAME_ENDS = words(
    """
lenka vich enka ski ou chyk ovich uk ina ava skaya yonak evich ets shyn ko
"""
)
PLACE_STARTS = words(
    """
Mal Byar Dzer Hlu Zhlo Kle Lep Mya Nesv Pru Rasso Sma Stol Svetl Talach Ushach Vile Zelv Asip
Baran Byka Chash Dokshy Hant Ivats Kasc Lahoy Luni Mahil Navahr Pastav Rech Shchuch Slon Valozh
"""
)
PLACE_ENDS = ["ichy", "ava", "ovo", "sk", "ishki", "ina", "yany", "aw", "evichy", "ki", "ye", "ets"]
KNOWN_PLACES = words(
    """
Minsk Brest Grodno Gomel Vitebsk Mogilev Baranovichi Bobruisk Pinsk Lida Orsha Mozyr Soligorsk
Novopolotsk Polotsk Zhodino Slutsk Borisov Molodechno Kobrin Vilnius Warsaw Kyiv Moscow Riga
Smolensk Bialystok Chernihiv Zhytomyr Astravets Luninets Machulishchy Osipovichi Lepel Volkovysk
"""
)
OUTLETS = [
    ("Russia.Post", "russiapost.info"),
    ("Belsat", "belsat.eu"),
    ("Nasha Niva", "nashaniva.com"),
    ("Zerkalo", "news.zerkalo.io"),
    ("Euroradio", "euroradio.fm"),
    ("Reform.news", "reform.news"),
    ("Carnegie Politika", "carnegieendowment.org"),
    ("Riddle", "ridl.io"),
    ("bne IntelliNews", "intellinews.com"),
    ("Novaya Gazeta Europe", "novayagazeta.eu"),
    ("The Insider", "theins.ru"),
    ("Kyiv Independent", "kyivindependent.com"),
    ("Notes from Poland", "notesfrompoland.com"),
    ("LRT", "lrt.lt"),
    ("Deutsche Welle", "dw.com"),
    ("Meduza", "meduza.io"),
    ("Belarusian Investigative Center", "investigatebel.org"),
    ("New Eastern Europe", "neweasterneurope.eu"),
]
ORG_FORMS = [
    "Centre for {a} Studies",
    "{p} Institute of {a} Research",
    "{a} Policy Forum",
    "{p} Human Rights Centre",
    "Independent Union of {w}",
    "{s} Analytical Group",
    "{p} Regional Executive Committee",
    "Ministry of {a} Affairs",
    "{p} Initiative",
    "Association of {w}",
    "{s} Foundation",
    "{p} Monitoring Mission",
]
ORG_AREAS = words(
    """
Eastern European Economic Security Social Political Regional Strategic Energy Labour Media
Agricultural Legal Foreign Internal Educational Environmental Migration Digital
"""
)
ORG_MEMBERS = words(
    """
Journalists Workers Miners Students Teachers Lawyers Doctors Entrepreneurs Farmers Engineers
Pensioners Drivers Scientists Volunteers Veterans
"""
)
ROLES = [
    "opposition politician",
    "independent economist",
    "political analyst",
    "former diplomat",
    "human rights defender",
    "trade union leader",
    "regional official",
    "deputy minister",
    "military expert",
    "sociologist",
    "investigative journalist",
    "member of parliament",
    "exiled activist",
    "security official",
    "historian",
    "energy analyst",
    "defence lawyer",
    "university lecturer",
]

# Each theme has a title, a description, aliases, nouns used in its facts, and keywords.
THEMES: list[dict[str, list[str] | str]] = [
    {
        "slug": "economy",
        "title": "The economy under sanctions",
        "aliases": ["economy", "sanctions impact", "economic situation"],
        "nouns": "exports imports sanctions inflation wages pensions budget deficit loans credit "
        "subsidies growth recession currency reserves debt enterprises factories investors banks "
        "prices tariffs output",
        "units": "companies jobs enterprises factories",
    },
    {
        "slug": "elections",
        "title": "Elections and the referendum",
        "aliases": ["elections", "referendum", "vote", "ballot"],
        "nouns": "election referendum ballots turnout candidates campaign observers commission "
        "polling stations voters constitution amendments results fraud count signatures",
        "units": "votes voters observers candidates signatures",
    },
    {
        "slug": "repression",
        "title": "Repression and political prisoners",
        "aliases": ["repression", "political prisoners", "crackdown", "arrests"],
        "nouns": "arrests detentions trials verdicts sentences fines prisoners searches raids "
        "lawyers courts prosecutors police colonies interrogations charges extremism lists",
        "units": "prisoners arrests detentions people cases",
    },
    {
        "slug": "media",
        "title": "Independent media and propaganda",
        "aliases": ["media", "propaganda", "press freedom", "journalists"],
        "nouns": "journalists outlets channels television websites bloggers censorship propaganda "
        "broadcasts subscribers audiences editors newsrooms licences blocks accreditation",
        "units": "journalists outlets subscribers websites channels",
    },
    {
        "slug": "energy",
        "title": "Energy, gas and the nuclear plant",
        "aliases": ["energy", "gas prices", "nuclear plant", "oil"],
        "nouns": "gas oil pipeline refinery electricity reactor tariffs supplies contracts "
        "discounts transit fuel potash fertiliser exports capacity grid",
        "units": "tonnes megawatts contracts",
    },
    {
        "slug": "migration",
        "title": "Emigration and the diaspora",
        "aliases": ["emigration", "diaspora", "exile", "relocation"],
        "nouns": "emigrants diaspora relocation visas residence permits exiles families "
        "specialists programmers doctors communities consulates passports returns",
        "units": "people emigrants specialists families",
    },
    {
        "slug": "military",
        "title": "Military cooperation with Russia",
        "aliases": ["military cooperation", "joint exercises", "defence"],
        "nouns": "exercises drills airfields garrisons brigades conscripts reservists "
        "mobilisation missiles aircraft helicopters equipment training grounds convoys "
        "railway echelons commanders",
        "units": "soldiers conscripts reservists aircraft vehicles",
    },
    {
        "slug": "diplomacy",
        "title": "Diplomacy and foreign relations",
        "aliases": ["diplomacy", "foreign policy", "relations with the eu"],
        "nouns": "diplomats embassies negotiations talks summit delegation treaty visits "
        "ambassadors statements recognition isolation channels mediators sanctions",
        "units": "diplomats delegations meetings",
    },
    {
        "slug": "labour",
        "title": "Workers, strikes and trade unions",
        "aliases": ["trade unions", "strikes", "labour market"],
        "nouns": "workers strikes unions employers dismissals contracts salaries shortages "
        "vacancies shifts plants miners protests committees",
        "units": "workers jobs vacancies",
    },
    {
        "slug": "public-opinion",
        "title": "Public opinion and polling",
        "aliases": ["public opinion", "polls", "surveys"],
        "nouns": "respondents surveys polls sociologists sample attitudes support trust "
        "views majority minority supporters opponents methodology panels",
        "units": "percent respondents",
    },
    {
        "slug": "opposition",
        "title": "The democratic opposition in exile",
        "aliases": ["opposition", "democratic forces", "transitional cabinet"],
        "nouns": "opposition leaders cabinet council coordination initiatives congress "
        "representatives strategy offices supporters funds mandate declarations plans",
        "units": "representatives members supporters",
    },
    {
        "slug": "border",
        "title": "The border and migrants",
        "aliases": ["border crisis", "migrants", "border crossings"],
        "nouns": "border checkpoints crossings migrants guards fences queues trucks customs "
        "smuggling patrols closures corridors queues",
        "units": "migrants trucks crossings vehicles",
    },
    {
        "slug": "agriculture",
        "title": "Agriculture and the countryside",
        "aliases": ["agriculture", "harvest", "farming"],
        "nouns": "harvest grain farms collective farms machinery fertiliser livestock milk "
        "villages exports yields subsidies fields workers",
        "units": "tonnes hectares farms",
    },
    {
        "slug": "education",
        "title": "Schools, universities and students",
        "aliases": ["education", "universities", "students"],
        "nouns": "students universities schools teachers lecturers curricula expulsions "
        "textbooks language classes rectors exams scholarships",
        "units": "students teachers schools",
    },
    {
        "slug": "integration",
        "title": "Integration with Russia and the Union State",
        "aliases": ["union state", "integration", "roadmaps"],
        "nouns": "integration roadmaps programmes treaties markets taxes customs loans "
        "institutions sovereignty agreements commissions ministries harmonisation",
        "units": "programmes agreements roadmaps",
    },
    {
        "slug": "partisans",
        "title": "Sabotage and armed resistance",
        "aliases": ["sabotage", "resistance", "partisans", "volunteers"],
        "nouns": "saboteurs railway relay cabinets partisans volunteers fighters battalions "
        "drones attacks cells recruits hackers networks infrastructure",
        "units": "volunteers fighters attacks people",
    },
]
GENERIC_NOUNS = words(
    """
government authorities regime administration officials ministry parliament president minister
council committee court agency region districts capital country society citizens residents
state media report decision measures policy situation plans programme crisis pressure support
"""
)
ADJECTIVES = words(
    """
independent official state-run regional national economic political diplomatic western eastern
neighbouring pro-government exiled underground unprecedented significant gradual sharp modest
controversial widespread limited new former local foreign internal public private major key
temporary permanent informal formal annual monthly
"""
)
SAY_VERBS = words(
    """
said reported claimed warned argued acknowledged denied confirmed suggested noted stressed
insisted revealed admitted predicted concluded signalled indicated announced wrote
"""
)
CHANGE_VERBS = words(
    """
increased declined doubled fell rose dropped expanded shrank stalled recovered reached exceeded
halved grew slowed
"""
)
ACTION_VERBS = words(
    """
introduced approved postponed blocked cancelled expanded restricted announced suspended resumed
criticised supported rejected signed extended tightened eased ordered launched
"""
)
PHRASE_KINDS = 7
HEDGES = ["reportedly", "apparently", "possibly", "largely", "partly", "officially", "allegedly"]
TIME_PHRASES = [
    "in the first half of the year",
    "over the past two years",
    "since the 2020 protests",
    "after the invasion of Ukraine",
    "by the end of the year",
    "in recent months",
    "during the summer",
    "earlier this year",
    "last autumn",
    "in the spring",
    "for the first time since 2010",
    "within a few weeks",
]
POSSESSIVES = [f"{owner}{APOSTROPHE}s" for owner in ("regime", "country", "government", "region")]
LINKERS = ["while", "although", "as", "even though", "whereas"]
ATTRIBUTIONS = [
    "independent sociologists",
    "sources in the government",
    "local residents",
    "several analysts",
    "human rights groups",
    "official statistics",
    "people familiar with the matter",
    "opposition sources",
]
RUBRICS = ["Politics", "Economy", "Society", "Security", "Analysis"]
HEADLINE_FORMS = [
    "What's next for {p}? {T} and the {a} crisis",
    "{T}: how the {n} changed in {y}",
    "Why {p} matters for {T}",
    "{T} after {y}: {a} pressure and its limits",
    "Inside the {a} {n}: {T}",
    "The quiet {n}: {T} in {p}",
]

# Troop facts are the only ones with these words; see the module docstring.
TROOP_FORMS = [
    "According to {who}, estimates of the number of Russian troops stationed near {place} "
    "ranged from {low} to {high} soldiers in {when}, although {who2} {say} that the real "
    "figure was {hedge} lower",
    "{who} {say} that Russian troops in {place} numbered {value} in {when}, citing estimates "
    "by {attr} and satellite images of {adj} {noun} near the {adj2} airfield",
    "In {when}, {who} {say} that {value} Russian troops had arrived at {place} by rail, "
    "while {attr} put the figure {hedge} higher and warned of further deployments in the region",
    "Estimates of troop numbers at {place} published by {attr} in {when} put the contingent "
    "at {value}, which {who} described as a {adj} increase compared with the previous year",
]
TROOP_QUOTES = [
    "by various estimates, there are now {value} Russian troops at the {place} training ground",
    "the troops that arrived in {place} numbered {value}, according to {adj} estimates",
    "estimates put the number of Russian troops in the region at {value} at most",
    "nobody can say with confidence how many troops are stationed near {place} today",
]


def surname(rng: random.Random) -> str:
    return rng.choice(SURNAME_STARTS) + rng.choice(SURNAME_MIDDLES) + rng.choice(SURNAME_ENDS)


def place_name(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(KNOWN_PLACES)
    return rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def q(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def q_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


def thousands(number: int) -> str:
    return f"{number:,}"


# --- one article ------------------------------------------------------------------------------


class Article:
    """One synthetic article: a source, its topics and entities, and its facts."""

    def __init__(self, seed: int, index: int, n_facts: int, troop_every: int, first: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + index)
        self.prefix = f"syn{seed}-{index:04d}"
        self.n_facts = n_facts
        # Exactly one fact in troop_every over the corpus (global numbers first, first + 1, ...),
        # at random places in the file.
        troops = sum(1 for i in range(first, first + n_facts) if i % troop_every == 0)
        self.troop_facts = 0
        rng = self.rng
        self.troop_numbers = set(rng.sample(range(n_facts), troops))
        self.themes = rng.sample(THEMES, rng.randint(3, 5))
        self.places = [place_name(rng) for _ in range(6)]
        self._make_entities()
        outlet, domain = rng.choice(OUTLETS)
        theme = self.themes[0]
        headline = rng.choice(HEADLINE_FORMS).format(
            p=self.places[0],
            T=theme["title"],
            a=rng.choice(ADJECTIVES),
            n=rng.choice(str(theme["nouns"]).split()),
            y=rng.randint(2015, 2024),
        )
        self.published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        self.source = {
            "id": f"{self.prefix}-source",
            "title": headline,
            "author": self.author_name,
            "affiliation": f"Analyst at {rng.choice(self.orgs)[1]}",
            "publisher": outlet,
            "url": f"https://{domain}/{rng.choice(RUBRICS).lower()}/{slug(headline)[:60]}-{index}",
            "rubric": rng.choice(RUBRICS) if rng.random() < 0.7 else None,
        }
        self.headings = [
            f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(str(t['nouns']).split())} "
            f"and the {rng.choice(GENERIC_NOUNS)}"
            for t in self.themes
        ]

    def _make_entities(self) -> None:
        rng = self.rng
        p = self.prefix
        self.entities: list[tuple[str, str, str, str, list[str]]] = []  # id, name, kind, desc, al
        self.people: list[tuple[str, str]] = []
        self.orgs: list[tuple[str, str]] = []
        used: set[str] = set()

        def add(name: str, kind: str, description: str, aliases: list[str]) -> str:
            entity_id = f"{p}-{slug(name)}"
            while entity_id in used:
                entity_id += "-x"
            used.add(entity_id)
            self.entities.append((entity_id, name, kind, description, aliases))
            return entity_id

        self.author_name = f"{rng.choice(FIRST_NAMES)} {surname(rng)}"
        self.author_id = add(self.author_name, "person", "Author of the article", [])
        for _ in range(rng.randint(3, 6)):
            last = surname(rng)
            name = f"{rng.choice(FIRST_NAMES)} {last}"
            self.people.append((add(name, "person", rng.choice(ROLES), [last]), name))
        for _ in range(rng.randint(2, 4)):
            name = rng.choice(ORG_FORMS).format(
                a=rng.choice(ORG_AREAS),
                p=rng.choice(self.places),
                w=rng.choice(ORG_MEMBERS),
                s=surname(rng),
            )
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            aliases = [initials] if len(initials) >= 3 else []
            self.orgs.append(
                (add(name, "organisation", "Organisation named in the article", aliases), name)
            )
        self.others: list[str] = []
        for place in self.places[:3]:
            if rng.random() < 0.5:
                self.others.append(
                    add(f"{place} airfield", "facility", f"Airfield near {place}", [])
                )
            else:
                self.others.append(add(f"{place} district", "place", f"District of {place}", []))
        number = rng.randint(3, 120)
        suffix = (
            "th"
            if number % 100 in (11, 12, 13)
            else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        self.others.append(add(f"{number}{suffix} Separate Brigade", "unit", "Military unit", []))
        # What the text calls them: "the Centre for ..." but "Anna Kovalenka".
        self.speakers = self.people + [(i, f"the {name}") for i, name in self.orgs]

    # --- text pieces ----------------------------------------------------------------------

    def noun(self, theme: dict[str, list[str] | str]) -> str:
        rng = self.rng
        if rng.random() < 0.7:
            return rng.choice(str(theme["nouns"]).split())
        return rng.choice(GENERIC_NOUNS)

    def phrase(self, theme: dict[str, list[str] | str], kind: int) -> str:
        rng = self.rng
        if kind == 0:
            return f"in {rng.choice(self.places)}"
        if kind == 1:
            return rng.choice(TIME_PHRASES)
        if kind == 2:
            return f"amid {rng.choice(ADJECTIVES)} {self.noun(theme)} and {self.noun(theme)}"
        if kind == 3:
            return (
                f"{rng.choice(LINKERS)} the {rng.choice(ADJECTIVES)} {self.noun(theme)} "
                f"{rng.choice(ACTION_VERBS)} the {self.noun(theme)}"
            )
        if kind == 4:
            return (
                f"despite {rng.choice(ADJECTIVES)} {self.noun(theme)} from the {self.noun(theme)}"
            )
        if kind == 5:
            return f"according to {rng.choice(self.speakers)[1]}"
        return f"as part of the {rng.choice(ADJECTIVES)} {self.noun(theme)} for {self.noun(theme)}"

    def value(self, theme: dict[str, list[str] | str]) -> tuple[str | None, str, str | None]:
        """(value, the words to put in the text, the quantity table or None)."""
        rng = self.rng
        units = str(theme["units"]).split()
        measure = f"{slug(str(theme['slug']))}-{slug(self.noun(theme))}"
        measure_part = f'measure = "{measure}", ' if rng.random() < 0.6 else ""
        roll = rng.random()
        if roll < 0.25:
            low = rng.randint(2, 90)
            form = rng.randrange(4)
            if form == 0:
                return (
                    f"about {low}%",
                    f"about {low}%",
                    (f'{{ {measure_part}low = {low}, unit = "percent", qualifier = "about" }}'),
                )
            if form == 1:
                high = low + rng.randint(2, 10)
                return (
                    f"{low}-{high}%",
                    f"{low}{EN_DASH}{high}%",
                    (
                        f'{{ {measure_part}low = {low}, high = {high}, unit = "percent", '
                        'qualifier = "range" }'
                    ),
                )
            if form == 2:
                return (
                    f"less than {low}%",
                    f"less than {low} percent",
                    (f'{{ {measure_part}low = {low}, unit = "percent", qualifier = "less than" }}'),
                )
            return f"{low}%", f"{low}%", f'{{ {measure_part}low = {low}, unit = "percent" }}'
        if roll < 0.55:
            unit = rng.choice(units)
            if unit == "percent":
                unit = "people"
            low = rng.choice(
                [rng.randint(12, 999), rng.randint(1, 90) * 100, rng.randint(1, 60) * 1000]
            )
            forms = [
                ("more than", f"more than {thousands(low)}"),
                ("about", f"about {thousands(low)}"),
                ("at least", f"at least {thousands(low)}"),
                ("up to", f"up to {thousands(low)}"),
                ("less than", f"fewer than {thousands(low)}"),
                ("exactly", thousands(low)),
                ("more than", f"just over {thousands(low)}"),
            ]
            qualifier, text = rng.choice(forms)
            if rng.random() < 0.08:
                qualifier, text, low = "several", "several thousand", 2000
            return (
                text,
                f"{text} {unit}",
                (f'{{ {measure_part}low = {low}, unit = "{unit}", qualifier = "{qualifier}" }}'),
            )
        if roll < 0.65:
            amount = rng.randint(2, 95) / 10
            currency, sign = rng.choice([("US dollars", "$"), ("euros", EURO)])
            scale = rng.choice(["million", "billion"])
            factor = 1_000_000 if scale == "million" else 1_000_000_000
            low = round(amount * factor)
            text = f"{sign}{amount:g} {scale}"
            return text, text, f'{{ low = {low}, unit = "{currency}", qualifier = "about" }}'
        if roll < 0.70:
            low = rng.randint(2, 30)
            unit = rng.choice(["days", "months", "years"])
            return f"{low} {unit}", f"{low} {unit}", f'{{ low = {low}, unit = "{unit}" }}'
        if roll < 0.80:
            name = surname(self.rng).capitalize()
            return name, f"known as {OPEN_QUOTE}{name}{CLOSE_QUOTE}", None
        return None, "", None

    def date(self) -> tuple[str | None, str]:
        """(the TOML value, a label for the text) or (None, '')."""
        rng = self.rng
        roll = rng.random()
        year = rng.randint(2014, 2024)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        month_name = dt.date(year, month, 1).strftime("%B")
        if roll < 0.2:
            return f"{year}-{month:02d}-{day:02d}", f"on {day} {month_name} {year}"
        if roll < 0.3:
            return q(f"{year}-{month:02d}-{day:02d}"), f"on {day} {month_name} {year}"
        if roll < 0.42:
            return q(f"{year}-{month:02d}"), f"in {month_name} {year}"
        if roll < 0.54:
            return q(str(year)), f"in {year}"
        if roll < 0.62:
            season = rng.choice(["spring", "summer", "autumn", "winter"])
            return q(f"{year}-{season}"), f"in the {season} of {year}"
        if roll < 0.72:
            end = year + rng.randint(1, 4)
            return q(f"{year}/{end}"), f"between {year} and {end}"
        return None, ""

    def words_until(
        self, start: list[str], theme: dict[str, list[str] | str], low: int, high: int
    ) -> str:
        """Join the pieces, adding phrases until the text has low..high words."""
        target = self.rng.randint(low, high)
        pieces = [p for p in start if p]
        count = sum(len(p.split()) for p in pieces)
        # Each kind of phrase at most once per sentence, so that none repeats.
        for kind in self.rng.sample(range(PHRASE_KINDS), PHRASE_KINDS):
            if count >= target:
                break
            extra = self.phrase(theme, kind)
            if count + len(extra.split()) <= high:
                pieces.append(extra)
                count += len(extra.split())
        return " ".join(pieces)

    # --- records --------------------------------------------------------------------------

    def fact(self, number: int, paragraph: int, section: str) -> str:
        rng = self.rng
        theme = rng.choice(self.themes)
        topic = f"{self.prefix}-{theme['slug']}"
        topics = [topic]
        if rng.random() < 0.25:
            other = f"{self.prefix}-{rng.choice(self.themes)['slug']}"
            if other != topic:
                topics.append(other)
        speaker_id, speaker = rng.choice(self.speakers)
        if rng.random() < 0.2:
            speaker_id, speaker = self.author_id, self.author_name
        about = rng.sample([e[0] for e in self.entities if e[0] != speaker_id], rng.randint(0, 3))
        date_value, date_text = self.date()
        is_troops = number in self.troop_numbers
        value: str | None
        quantity: str | None
        attribution = rng.choice(ATTRIBUTIONS) if rng.random() < 0.1 else None

        if is_troops:
            self.troop_facts += 1
            value, quantity, statement, quote = self.troop_fact(speaker, date_text)
            slug_words = "russian-troops"
        else:
            value, in_text, quantity = self.value(theme)
            noun = self.noun(theme)
            adjective = rng.choice(ADJECTIVES)
            opening = rng.randrange(3)
            if opening == 0:
                start = [f"according to {speaker},"]
            elif opening == 1:
                start = [f"{speaker} {rng.choice(SAY_VERBS)} that"]
            else:
                start = [
                    f"{date_text[0].upper()}{date_text[1:]}," if date_text else "",
                    f"{speaker} {rng.choice(SAY_VERBS)} that",
                ]
            subject = f"the {adjective} {noun}"
            if in_text and quantity is None:
                core = f"{subject} {rng.choice(ACTION_VERBS)} the {self.noun(theme)} {in_text}"
            elif in_text:
                core = f"{subject} {rng.choice(CHANGE_VERBS)} to {in_text}"
            else:
                core = (
                    f"{subject} {rng.choice(HEDGES)} {rng.choice(ACTION_VERBS)} the "
                    f"{rng.choice(ADJECTIVES)} {self.noun(theme)}"
                )
            if date_text and opening != 2:
                core += f" {date_text}"
            statement = self.words_until([*start, core], theme, 25, 40) + "."
            statement = statement[0].upper() + statement[1:]
            owner = rng.choice([*POSSESSIVES, *ADJECTIVES])
            quote_core = (
                f"the {owner} {noun} {rng.choice(ACTION_VERBS)} "
                f"{in_text.removeprefix('known as ') or 'the ' + self.noun(theme)}"
            )
            quote = self.words_until([quote_core], theme, 15, 30)
            slug_words = f"{slug(noun)}-{slug(rng.choice(CHANGE_VERBS + ACTION_VERBS))}"

        lines = [
            "[[fact]]",
            f'id = "{topic}.{slug_words}-{number}"',
            f"topics = {q_list(topics)}",
            f"statement = {q(statement)}",
        ]
        if value:
            lines.append(f"value = {q(value)}")
        if quantity:
            lines.append(f"quantity = {quantity}")
        if date_value:
            lines.append(f"date = {date_value}")
        lines.append(f'stated_by = ["{speaker_id}"]')
        if attribution:
            lines.append(f"attribution = {q(attribution)}")
        if about:
            lines.append(f"about = {q_list(about)}")
        lines.append(f"quote = '''{quote}'''")
        lines.append(f'source = "{self.source["id"]}"')
        lines.append(f"section = {q(section)}")
        lines.append(f"paragraph = {paragraph}")
        roll = rng.random()
        if roll < 0.03:
            lines.append('part = "pull-quote"')
        elif roll < 0.05:
            lines.append('part = "caption"')
        if rng.random() < 0.6:
            keywords = rng.sample(str(theme["nouns"]).split(), rng.randint(1, 3))
            if rng.random() < 0.3:
                keywords.append(f"{rng.choice(ADJECTIVES)} {rng.choice(GENERIC_NOUNS)}")
            lines.append(f"keywords = {q_list(keywords)}")
        return "\n".join(lines) + "\n"

    def troop_fact(self, speaker: str, date_text: str) -> tuple[str, str, str, str]:
        rng = self.rng
        low = rng.randint(2, 40) * 500
        high = low + rng.randint(1, 10) * 500
        value = rng.choice(
            [f"about {thousands(low)}", f"more than {thousands(low)}", f"up to {thousands(low)}"]
        )
        qualifier = value.rsplit(" ", 1)[0]
        place = rng.choice(self.places)
        fields = {
            "who": speaker,
            "who2": rng.choice(self.speakers)[1],
            "say": rng.choice(SAY_VERBS),
            "place": place,
            "low": thousands(low),
            "high": thousands(high),
            "value": value,
            "when": when
            if (when := date_text.partition(" ")[2]) and "between" not in date_text
            else "late 2022",
            "attr": rng.choice(ATTRIBUTIONS),
            "hedge": rng.choice(HEDGES),
            "adj": rng.choice(ADJECTIVES),
            "adj2": rng.choice(ADJECTIVES),
            "noun": rng.choice(["convoys", "equipment", "tents", "vehicles"]),
        }
        form = rng.randrange(len(TROOP_FORMS))
        statement = TROOP_FORMS[form].format(**fields) + "."
        quote = rng.choice(TROOP_QUOTES).format(**fields)
        measure = f"russian-troops-near-{slug(place)}"
        if form == 0:
            value = f"{thousands(low)}-{thousands(high)}"
            quantity = (
                f'{{ measure = "{measure}", low = {low}, high = {high}, unit = "soldiers", '
                'qualifier = "range" }'
            )
        else:
            quantity = (
                f'{{ measure = "{measure}", low = {low}, unit = "soldiers", '
                f'qualifier = "{qualifier}" }}'
            )
        return value, quantity, statement, quote

    def text(self) -> str:
        source = self.source
        out = [f"# Synthetic benchmark article {self.prefix} (bench/generate_corpus.py).\n"]
        out.append(
            "[[source]]\n"
            f'id = "{source["id"]}"\n'
            f"title = {q(str(source['title']))}\n"
            f"author = {q(str(source['author']))}\n"
            f"affiliation = {q(str(source['affiliation']))}\n"
            f"publisher = {q(str(source['publisher']))}\n"
            f"published = {self.published.isoformat()}\n"
            f"url = {q(str(source['url']))}\n"
            'language = "en"\n' + (f'rubric = "{source["rubric"]}"\n' if source["rubric"] else "")
        )
        for theme in self.themes:
            out.append(
                "[[topic]]\n"
                f'id = "{self.prefix}-{theme["slug"]}"\n'
                f"title = {q(str(theme['title']))}\n"
                f"description = {q(self.topic_description(theme))}\n"
                f"aliases = {q_list(list(theme['aliases']))}\n"
            )
        for entity_id, name, kind, description, aliases in self.entities:
            record = (
                f'[[entity]]\nid = "{entity_id}"\nname = {q(name)}\nkind = "{kind}"\n'
                f"description = {q(description)}\n"
            )
            if aliases:
                record += f"aliases = {q_list(aliases)}\n"
            out.append(record)
        n = self.n_facts
        paragraphs = max(4, n // 3)
        for number in range(n):
            paragraph = 1 + number * paragraphs // max(n, 1)
            if paragraph == 1:
                section = "Standfirst"
            elif paragraph <= 3:
                section = "Introduction"
            else:
                share = (paragraph - 4) * len(self.headings) // max(paragraphs - 3, 1)
                section = self.headings[min(share, len(self.headings) - 1)]
            out.append(self.fact(number, paragraph, section))
        return "\n".join(out)

    def topic_description(self, theme: dict[str, list[str] | str]) -> str:
        nouns = self.rng.sample(str(theme["nouns"]).split(), 3)
        return f"{theme['title']} in {self.places[0]}: {nouns[0]}, {nouns[1]} and {nouns[2]}."


# --- the corpus -------------------------------------------------------------------------------


def generate(
    out_dir: Path, facts: int, files: int, seed: int, troop_every: int = 200
) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest_path.unlink(missing_ok=True)
    width = max(4, len(str(files - 1)))
    names = [f"{FILE_PREFIX}{index:0{width}d}.toml" for index in range(files)]
    for stale in out_dir.glob(f"{FILE_PREFIX}*.toml"):
        if stale.name not in set(names):
            stale.unlink()
    base, extra = divmod(facts, files)
    first = 0
    troop_facts = 0
    for index, name in enumerate(names):
        count = base + (1 if index < extra else 0)
        article = Article(seed, index, count, troop_every, first)
        (out_dir / name).write_text(article.text(), encoding="utf-8")
        troop_facts += article.troop_facts
        first += count
    manifest = {
        "generator": GENERATOR_VERSION,
        "facts": facts,
        "files": files,
        "seed": seed,
        "troop_every": troop_every,
        "troop_facts": troop_facts,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--facts", type=int, default=100_000, help="facts in all (100000)")
    parser.add_argument("--files", type=int, default=1000, help="number of files (1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--troop-every", type=int, default=200, help="one fact in N is about troops (200)"
    )
    args = parser.parse_args(argv)
    if args.files < 1 or args.facts < 0 or args.seed < 0 or args.troop_every < 1:
        parser.error("--files and --troop-every must be at least 1; --facts and --seed at least 0")
    started = time.perf_counter()
    manifest = generate(args.out_dir, args.facts, args.files, args.seed, args.troop_every)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {manifest['facts']} facts ({manifest['troop_facts']} about troops) in "
        f"{manifest['files']} files to {args.out_dir} in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
