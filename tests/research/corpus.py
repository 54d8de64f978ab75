"""The development corpus: synthetic reflections with planted personal data at known spans, to write the rules by.

Real reflections cannot be used to measure a scrubber (they are what it protects), so these are
composed from sentence templates about job analysis, job ads, structured interviews and bias, in
bokmål and English, with identifiers from Faker planted in them. Hard negatives (years, amounts,
§ numbers, dates, "per år", counts of applicants, ordinary capitalised sentence starts) are planted
too, unmarked, so precision measures something. Names come from three sources, recorded per truth:
the cohort's roster, Faker's name lists (which the scrubber also reads), and names from other
Faker locales that are in none of those lists, so name recall is not only the lists finding themselves.

Since scrubber 1.2 it also plants what the scrubber must *keep* (``PlantedText.keeps``): the course's
law names and sections, institutions, citations of research, years, amounts, dates, and the ways of
writing identifiers issue 18 found missed (names in lower case and capitals, a first name opening a
sentence, "41-23-45-67", "010190 123 45", "kari.berg at etat.no", "storgata 12, 0155 oslo").

This is the corpus the rules were written and tuned against. ``heldout_corpus`` is the other one, with
other names, templates and formats, which the rules were never tuned on; ``benchmarks/bench_scrubber.py``
reports both. Test and benchmark data, so it lives with the tests, not in the package a learner installs.
"""

from __future__ import annotations

import random
import re

from faker import Faker

from mangfold.research.checksum import control_digits
from mangfold.research.hits import ADDRESS, DNR, EMAIL, FNR, NAME, ORG, PHONE, PNR, POSTCODE, URL
from mangfold.research.vocabulary import known_names
from tests.research.planted import Piece, Planted, PlantedText, compose

__all__ = ["ORGANISATIONS", "ROSTER", "Planted", "PlantedText", "synthetic_corpus"]

#: the cohort the corpus's reflections were "written" in; pass it to ``Scrubber(roster_names=...)``
ROSTER: tuple[str, ...] = (
    "Ingrid Solheim", "Per Hansen", "Anne-Lise Berg", "Mohammed Yusuf", "Tove Lunde", "Bo Lie",
    "Fatima Ali", "Ola Nordmann", "Liv Strand", "Joanna Kowalczyk", "Thanh Nguyen", "Siri Haugland",
    "Ahmed Hassan", "Kari Dahl", "Mehmet Yilmaz", "Hanne Bakke", "Jonas Eide", "Amina Warsame",
)
#: the trainer's list of organisations; pass it to ``Scrubber(organisations=...)``
ORGANISATIONS: tuple[str, ...] = (
    "Oslo kommune", "Bergen kommune", "Helse Vest", "Equinor", "DNB", "Telenor", "Statens vegvesen",
    "NAV Grünerløkka", "Universitetet i Oslo", "Fjordkraft", "Coop Norge", "Posten Bring", "Norsk Tipping",
)

_NB_FILLERS = (
    "Jeg har lært mye om hvordan en grundig jobbanalyse gjør kravene tydeligere.",
    "Vi har ofte skrevet stillingsannonser som ligner på den forrige, uten å tenke over hvem som føler seg invitert.",
    "Strukturerte intervjuer gir oss et bedre grunnlag for å sammenligne kandidatene.",
    "Det var nyttig å se hvor lett magefølelsen styrer vurderingen.",
    "Neste gang vil jeg lage en kravprofil før annonsen skrives.",
    "Jeg innser at vi har lagt for stor vekt på «kulturell match».",
    "Per år ansetter vi rundt {antall} personer, og de fleste ligner på oss som allerede jobber her.",
    "Liv og helse kommer først, men også et godt arbeidsmiljø.",
    "Bo nær arbeidsplassen var tidligere et krav i annonsen vår, og det har vi fjernet.",
    "Hans erfaring fra bransjen veide tyngre enn det burde.",
    "Ifølge diskrimineringsloven {paragraf} skal vi vurdere alle søkere likt.",
    "Ifølge {sitat} er strukturerte intervjuer blant de beste metodene.",
    "Jeg leste {sitat}, og det endret synet mitt på magefølelsen.",
    "{lov} sier noe om dette, og {institusjon} har skrevet om det samme.",
    "Vi fulgte {lov} da vi skrev annonsen.",
    "Etter råd fra {institusjon} endret vi språkkravet.",
    "Vi fikk {antall} søkere til stillingen, mot {antall} i fjor.",
    "Lønnen var satt til {beløp} per år.",
    "Intervjuene ble holdt {dato}, og vi brukte samme spørsmål til alle.",
    "Siden {år} har andelen kvinner i teamet økt med {prosent}.",
    "Modulen {modul} fikk meg til å tenke annerledes om annonsetekster.",
    "Mange av søkerne hadde utdanning fra utlandet, og vi visste ikke hvordan vi skulle vurdere den.",
    "Kandidaten svarte godt på de atferdsbaserte spørsmålene.",
    "Etter kurset har vi laget en mal for intervjuguide.",
    "Da vi så på tallene fra {år}, ble det tydelig at få med innvandrerbakgrunn gikk videre til intervju.",
    "Budsjettet for rekruttering er {beløp}, og vi bruker {antall} timer per stilling.",
    "Alle i panelet scoret hver for seg før vi diskuterte.",
    "Dag for dag blir jeg mer bevisst på mine egne skjevheter.",
    "Mai og juni er travle måneder for oss, med {antall} stillinger ute samtidig.",
    "Vi annonserte også på Facebook og i Aftenposten, men det ga få nye søkere.",
    "I Norge snakker vi lite om dette, og i Bergen enda mindre.",
    "Etter Covid har flere søkere bedt om hjemmekontor.",
)
_EN_FILLERS = (
    "I have learned a lot about how a thorough job analysis makes the requirements clearer.",
    "We often wrote job ads that looked like the last one, without asking who would feel invited.",
    "Structured interviews give us a better basis for comparing candidates.",
    "It was useful to see how easily gut feeling drives the assessment.",
    "Next time I will write a requirement profile before the ad is drafted.",
    "Will we manage to change our habits? I think so, if the whole team takes part.",
    "May I say that the module on bias was the most useful one.",
    "Mark the difference between what a job needs and what we are used to.",
    "In {år} only {prosent} of our new hires had a minority background.",
    "We received {antall} applications for the position, against {antall} last year.",
    "The salary was set at {beløp} a year.",
    "Interviews were held on {dato}, and everyone got the same questions.",
    "Under section {paragraf} of the Equality and Anti-Discrimination Act we must assess everyone equally.",
    "According to {sitat}, structured interviews predict performance best.",
    "I read {sitat} and it changed how I see gut feeling.",
    "We followed {lov} when we wrote the ad, as {institusjon} advises.",
    "The module {modul} made me rethink the wording of our ads.",
    "Many applicants had degrees from abroad, and we did not know how to assess them.",
    "The candidate answered the behavioural questions well.",
    "After the course we made a template for the interview guide.",
    "Every panel member scored on their own before we discussed.",
    "Grace under pressure is not something an interview can measure well.",
    "Our budget for recruitment is {beløp}, and we spend about {antall} hours per position.",
    "Hope is not a strategy, so we now track who drops out at each stage.",
    "In March and May we usually have {antall} positions open at once.",
    "We also advertised on Facebook and in Aftenposten, with few new applicants.",
    "Our HR Director wants a Diversity Charter signed by the Board.",
    "Candidates with a Master's degree from Poland were often screened out.",
)
_NB_PLANTED = (
    "I intervjuet med {navn} la jeg merke til at jeg avbrøt mer enn vanlig.",
    "Kollegaen min {navn} påpekte at annonsen var full av maskulint kodede ord.",
    "{navn} sa at kravet om flytende norsk ikke var nødvendig for stillingen.",
    "Jeg ringte {fornavn} tilbake for å forklare hvorfor hun ikke gikk videre.",
    "{navn_gen} CV ble først sortert bort fordi navnet var vanskelig å uttale.",
    "Søknaden fra {navn} kom inn etter fristen, men vi vurderte den likevel.",
    "Etter samtalen med {fornavn} forsto jeg hvor viktig en tydelig kravprofil er.",
    "Vi ansatte til slutt {navn}, som scoret høyest i det strukturerte intervjuet.",
    "Referansen, {navn}, kan nås på {tlf}.",
    "Kandidaten oppga telefon {tlf} og e-post {epost}.",
    "Ring meg gjerne på {tlf} hvis du vil diskutere annonsen.",
    "Ved en feil sto fødselsnummeret {fnr} i søknaden, og det måtte slettes.",
    "Søkeren oppga D-nummer {dnr} fordi hun ikke har fødselsnummer ennå.",
    "I skjemaet sto nummeret {pnr}, som ser ut som et personnummer.",
    "Send spørsmål til {epost} innen fristen.",
    "Annonsen ligger på {url} og ble delt av {navn}.",
    "Intervjuet ble holdt på kontoret i {adresse_full}.",
    "Kandidaten bor i {adresse}, så reiseveien var ikke et problem.",
    "Vi har flyttet til {adresse}, {postnr_by}.",
    "Kontoret har postnummer {postnr}, og det sto feil i annonsen.",
    "Hos {org} bruker de anonymiserte søknader i første runde.",
    "Jeg jobber i {org}, der mangfold i ledergruppen er et uttalt mål.",
    "{org} har gode erfaringer med arbeidspraksis gjennom NAV.",
    "Sammen med {navn} fra {org} gikk jeg gjennom alle spørsmålene.",
    "Både {fornavn} og {fornavn} manglet formell utdanning, men hadde lang erfaring.",
    "Jeg snakket med {fornavn} om hvordan vi kan nå flere søkere.",
    "Lederen min, {navn}, mener at vi må måle hvem som faller fra.",
    "Mentoren {fornavn} hjalp meg å skrive en mer inkluderende annonse.",
    "{fornavn} og jeg var enige om at kravet om norsk var for strengt.",
    "Hun ga meg nummeret {tlf_utland} til referansen i utlandet.",
)
_EN_PLANTED = (
    "During the interview with {navn} I noticed that I interrupted more than usual.",
    "My colleague {navn} pointed out that the ad was full of masculine-coded words.",
    "{navn} said the requirement for fluent Norwegian was not needed for the job.",
    "I called {fornavn} back to explain why she did not go on to the next round.",
    "{navn_gen} CV was first sorted out because the name was hard to pronounce.",
    "The application from {navn} arrived after the deadline, but we assessed it anyway.",
    "After talking to {fornavn} I understood how important a clear requirement profile is.",
    "In the end we hired {navn}, who scored highest in the structured interview.",
    "The referee, {navn}, can be reached at {tlf}.",
    "The candidate gave the phone number {tlf} and the e-mail address {epost}.",
    "Feel free to call me on {tlf} if you want to discuss the ad.",
    "By mistake the national identity number {fnr} was in the application and had to be deleted.",
    "The applicant gave the D number {dnr} because she does not have an identity number yet.",
    "The form held the number {pnr}, which looks like a personal number.",
    "Send questions to {epost} before the deadline.",
    "The ad is at {url} and was shared by {navn}.",
    "The interview was held at the office in {adresse_full}.",
    "The candidate lives at {adresse_en}, so commuting was no problem.",
    "Our office moved to {adresse}, {postnr_by}.",
    "At {org} they use anonymised applications in the first round.",
    "I work at {org}, where diversity in the management team is an explicit goal.",
    "Together with {navn} from {org} I went through all the questions.",
    "Both {fornavn} and {fornavn} lacked formal education but had long experience.",
    "I talked to {fornavn} about how we can reach more applicants.",
    "My manager, {navn}, thinks we must measure who drops out.",
    "The mentor {fornavn} helped me write a more inclusive ad.",
    "{fornavn} and I agreed that the Norwegian requirement was too strict.",
    "The reference abroad is on {tlf_utland}.",
)
#: citations as a learner writes them: the course's authors with and without a year, others with one
_CITATIONS = ("Sackett og kolleger", "Sackett mfl. 2022", "Schmidt & Hunter 1998", "Schmidt og Hunter (1998)",
              "Sackett et al. (2022)", "Gaucher, Friesen & Kay 2011", "Midtbøen & Rogstad 2012", "Rivera 2012",
              "Larsen & Midtbøen (2024)", "Huffcutt & Roth 1998", "Edmondson 1999", "Rogstad & Sterri",
              "Bergström et al. 2019", "Okafor & Lind 2020", "Nakamura mfl. (2018)")
_LAWS = ("Hovedavtalen i staten § 30", "Hovedavtalen i staten", "likestillings- og diskrimineringsloven § 30",
         "the Equality and Anti-Discrimination Act", "statsansatteloven § 3", "arbeidsmiljøloven § 13-1",
         "Statens personalhåndbok", "the State Employees Act")
_INSTITUTIONS = ("LDO", "DFØ", "Difi", "IMDi", "NAV", "Sivilombudet", "Arbeidstilsynet", "Fafo", "Bufdir")
_KEEP_KINDS = {"antall": "count", "år": "year", "beløp": "amount", "paragraf": "section", "dato": "date",
               "prosent": "percent", "modul": "module", "sitat": "citation", "lov": "law",
               "institusjon": "institution"}
#: locales whose names are mostly in none of the scrubber's lists: the "unlisted" names
_OTHER_LOCALES = ("tr_TR", "pl_PL", "fi_FI", "sv_SE", "es_ES", "fr_FR", "it_IT", "de_DE", "nl_NL", "cs_CZ")
_STREETS = ("Storgata", "Kongens gate", "Thorvald Meyers gate", "Bygdøy allé", "Møllerveien", "Solbakken",
            "Kirkeveien", "Carl Berners plass", "Nedre Slottsgate", "Strandvegen")


class _Generator:
    """Draws identifiers and hard negatives; one instance per corpus, seeded, so the corpus is reproducible."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.nb = Faker("no_NO")
        self.en = Faker("en_US")
        self.nb.seed_instance(seed)
        self.en.seed_instance(seed + 1)
        self.others = [Faker(locale) for locale in _OTHER_LOCALES]
        for offset, faker in enumerate(self.others):
            faker.seed_instance(seed + 2 + offset)
        self._listed = known_names()

    # --- names -----------------------------------------------------------------------------------
    def _full_name(self, language: str) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.3:
            return self.rng.choice(ROSTER), "roster"
        if roll < 0.8:
            faker = self.nb if language == "nb" or self.rng.random() < 0.5 else self.en
            return f"{faker.first_name()} {faker.last_name()}", "list"
        return self._unlisted(), "unlisted"

    def _unlisted(self) -> str:
        """A name from another locale with no part in the scrubber's lists (so only the heuristics can find it)."""
        while True:
            faker = self.rng.choice(self.others)
            name = f"{faker.first_name()} {faker.last_name()}"
            if not any(part in self._listed for part in re.split(r"[ -]", name)):
                return name

    def name(self, language: str, form: str) -> tuple[str, str]:
        full, source = self._full_name(language)
        if form == "fornavn":
            full = full.split(" ")[0]
        elif form == "navn_gen":
            if language == "en":
                full += "'s"
            else:
                full += "'" if full.endswith(("s", "x", "z")) else "s"
        roll = self.rng.random()
        if roll < 0.04:
            return full.lower(), f"{source}:lower"
        if roll < 0.07:
            return full.upper(), f"{source}:capitals"
        return full, source

    # --- numbers ---------------------------------------------------------------------------------
    def phone(self) -> str:
        digits = str(self.rng.choice("23456789")) + "".join(str(self.rng.randrange(10)) for _ in range(7))
        form = self.rng.randrange(8)
        if form == 0:
            return digits
        if form == 1:
            return f"{digits[:3]} {digits[3:5]} {digits[5:]}"
        if form == 2:
            return " ".join(digits[i:i + 2] for i in range(0, 8, 2))
        if form == 3:
            return f"+47 {digits[:3]} {digits[3:5]} {digits[5:]}"
        if form == 4:
            return "+47 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))
        if form == 5:
            return f"+47{digits}"
        if form == 6:
            return f"0047 {digits}"
        roll = self.rng.random()
        if roll < 0.25:
            return "-".join(digits[i:i + 2] for i in range(0, 8, 2))
        if roll < 0.5:
            return f"{digits[:3]}.{digits[3:5]}.{digits[5:]}"
        return f"{digits[:4]} {digits[4:]}" if digits[0] in "49" else digits

    def foreign_phone(self) -> str:
        """A British or Swedish number, as someone abroad gives it."""
        if self.rng.random() < 0.5:
            return f"+44 20 {self.rng.randrange(7000, 8999)} {self.rng.randrange(1000, 9999)}"
        return f"+46 70 {self.rng.randrange(100, 999)} {self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)}"

    def identity(self, d_number: bool, valid: bool = True) -> str:
        while True:
            year = self.rng.randrange(1950, 2006)
            month = self.rng.randrange(1, 13)
            day = self.rng.randrange(1, 29) + (40 if d_number else 0)
            individual = self.rng.randrange(0, 500) if year < 2000 else self.rng.randrange(500, 1000)
            base = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
            control = control_digits(base)
            if control is None:
                continue
            if not valid:
                control = f"{(int(control[0]) + 1 + self.rng.randrange(9)) % 10}{control[1]}"
                if control_digits(base) == control:
                    continue
            number = base + control
            roll = self.rng.random()
            if roll < 0.15:
                return f"{number[:6]} {number[6:]}"
            if roll < 0.25:
                return f"{number[:6]} {number[6:9]} {number[9:]}"
            if roll < 0.3:
                return f"{number[:6]}-{number[6:]}"
            return number

    # --- contact and place ---------------------------------------------------------------------------
    def email(self, language: str) -> str:
        if self.rng.random() < 0.4:
            faker = self.nb if language == "nb" else self.en
            local = f"{faker.first_name()}.{faker.last_name()}".lower().replace(" ", "")
            domain = self.rng.choice(("firma.no", "kommune.no", "example.com", "bedrift.as"))
            roll = self.rng.random()
            if roll < 0.15:
                return f"{local} at {domain}"
            if roll < 0.25:
                return f"{local} (at) {domain.replace('.', ' dot ')}"
            return f"{local}@{domain}"
        return (self.nb if language == "nb" else self.en).email()

    def url(self) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            return self.nb.url() + self.rng.choice(("", "stilling/4471", "jobb?id=2024-117"))
        if roll < 0.8:
            return f"www.{self.nb.domain_word()}.no/ledige-stillinger"
        return f"linkedin.com/in/{self.nb.first_name().lower()}-{self.nb.last_name().lower()}"

    def street(self, lower: bool = False) -> str:
        if self.rng.random() < 0.5:
            street = self.nb.street_address()
        else:
            letter = self.rng.choice(("", "", "B", " A"))
            street = f"{self.rng.choice(_STREETS)} {self.rng.randrange(1, 120)}{letter}"
        return street.lower() if lower else street

    def postcode_town(self, lower: bool = False) -> str:
        big = self.rng.random() < 0.5
        town = self.rng.choice(("Oslo", "Bergen", "Trondheim", "Drammen")) if big else self.nb.city()
        return f"{self.nb.postcode()} {town.lower() if lower else town}"

    # --- hard negatives ------------------------------------------------------------------------------
    def negative(self, slot: str) -> str:
        rng = self.rng
        if slot == "antall":
            return str(rng.choice((rng.randrange(2, 60), rng.randrange(1000, 9999))))
        if slot == "år":
            return str(rng.randrange(1995, 2026))
        if slot == "beløp":
            return rng.choice((f"kr {rng.randrange(10, 99)} 500", f"NOK {rng.randrange(400, 900)} 000",
                               f"{rng.randrange(450, 850)} 000 kroner",
                               f"kr {rng.randrange(10, 99)} {rng.randrange(100, 999)} 000"))
        if slot == "paragraf":
            return "§ " + rng.choice(("30", "4-17", "13-1", "6", "24"))
        if slot == "dato":
            return rng.choice((f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.{rng.randrange(2019, 2026)}",
                               f"{rng.randrange(1, 29)}. mars {rng.randrange(2019, 2026)}"))
        if slot == "prosent":
            return f"{rng.randrange(5, 60)} %"
        if slot == "modul":
            return rng.choice(("01-verdien-av-mangfold", "02-legg-grunnlaget", "04-vurder-systematisk"))
        if slot == "sitat":
            return rng.choice(_CITATIONS)
        if slot == "lov":
            return rng.choice(_LAWS)
        if slot == "institusjon":
            return rng.choice(_INSTITUTIONS)
        raise KeyError(slot)


_NAME_SLOTS = {"navn", "fornavn", "navn_gen"}


def _slot_values(slot: str, language: str, gen: _Generator) -> list[Piece]:
    """A slot's text as (truth kind, keep kind, text, source) pieces: one, or several for "address, postcode town"."""
    return [(kind, _KEEP_KINDS.get(slot) if kind is None and text.strip(", ") else None, text, source)
            for kind, text, source in _pieces(slot, language, gen)]


def _pieces(slot: str, language: str, gen: _Generator) -> list[tuple[str | None, str, str]]:
    """A slot's text as (truth kind or None, text, source) pieces."""
    if slot in _NAME_SLOTS:
        value, source = gen.name(language, slot)
        return [(NAME, value, source)]
    if slot == "tlf":
        return [(PHONE, gen.phone(), "phone")]
    if slot == "tlf_utland":
        return [(PHONE, gen.foreign_phone(), "phone")]
    if slot == "fnr":
        return [(FNR, gen.identity(d_number=False), "fnr")]
    if slot == "dnr":
        return [(DNR, gen.identity(d_number=True), "dnr")]
    if slot == "pnr":
        return [(PNR, gen.identity(d_number=gen.rng.random() < 0.3, valid=False), "pnr")]
    if slot == "epost":
        return [(EMAIL, gen.email(language), "email")]
    if slot == "url":
        return [(URL, gen.url(), "url")]
    if slot == "adresse":
        return [(ADDRESS, gen.street(), "address")]
    if slot == "adresse_en":
        street = gen.en.street_address() if gen.rng.random() < 0.6 else gen.street()
        return [(ADDRESS, street, "address")]
    if slot == "adresse_full":
        lower = gen.rng.random() < 0.2
        return [(ADDRESS, gen.street(lower), "address"), (None, ", ", ""),
                (POSTCODE, gen.postcode_town(lower), "postcode")]
    if slot == "postnr_by":
        return [(POSTCODE, gen.postcode_town(), "postcode")]
    if slot == "postnr":
        return [(POSTCODE, gen.nb.postcode(), "postcode")]
    if slot == "org":
        return [(ORG, gen.rng.choice(ORGANISATIONS), "organisation")]
    return [(None, gen.negative(slot), "")]


def synthetic_corpus(n: int = 2000, seed: int = 1) -> list[PlantedText]:
    """``n`` reflections, about 60 % bokmål and 40 % English, each with one to three planted sentences
    among two to four ordinary ones; the same ``seed`` gives the same corpus."""
    gen = _Generator(seed)
    corpus: list[PlantedText] = []
    for _ in range(n):
        language = "nb" if gen.rng.random() < 0.6 else "en"
        fillers, planted = (_NB_FILLERS, _NB_PLANTED) if language == "nb" else (_EN_FILLERS, _EN_PLANTED)
        templates = gen.rng.sample(fillers, gen.rng.randint(2, 4)) + gen.rng.sample(planted, gen.rng.randint(1, 3))
        gen.rng.shuffle(templates)
        corpus.append(compose(templates, language, lambda slot, lang: _slot_values(slot, lang, gen),
                              lambda: "\n\n" if gen.rng.random() < 0.15 else " "))
    return corpus
