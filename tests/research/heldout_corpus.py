"""The held-out corpus: reflections the scrubber's rules were never tuned on, with other names, templates and formats.

``corpus`` is the development corpus, the one the rules were written against; a scrubber measured only
on it measures in part how well it learnt that corpus. This generator was written apart from it and
after the rules, and is not to be used to tune them: its cohort, sentence templates, Faker locales and
ways of writing numbers, e-mail and addresses are its own. Names come mostly from locales whose names
are in none of the scrubber's lists (Icelandic, Baltic, Hungarian, Balkan, West and East African,
Indonesian, Azerbaijani, Irish, Mexican...), beside Scandinavian and English ones and the cohort's own;
they are written as people write them in a hurry too: first name alone, surname alone, possessive, in
lower case, in capitals. The terms to keep are the course's laws, sections, institutions and cited
research as a learner would write them, plus years, amounts, counts, dates, case numbers and places.

``heldout_corpus(n, seed)`` is deterministic; ``tests/research/test_heldout.py`` asserts issue 18's
goals on a fixed seed and ``benchmarks/bench_scrubber.py`` reports it beside the development corpus.
Only the sentence machinery (``planted``) is shared with the development corpus.
"""

from __future__ import annotations

import random
import re

from faker import Faker

from mangfold.research.checksum import control_digits
from mangfold.research.hits import ADDRESS, DNR, EMAIL, FNR, NAME, ORG, PHONE, PNR, POSTCODE
from mangfold.research.vocabulary import known_names
from tests.research.planted import Piece, PlantedText, compose

__all__ = ["ORGANISATIONS", "ROSTER", "heldout_corpus"]

#: this cohort's learners (pass it to ``Scrubber(roster_names=...)``)
ROSTER: tuple[str, ...] = (
    "Solveig Aas", "Tor Inge Dahle", "Marte Kleppe", "Yonas Tesfamariam", "Agnieszka Wójcik", "Bashir Osman",
    "Linh Tran", "Eirin Sandvold", "Ole-Petter Rønning", "Hodan Abdi", "Gunnhild Berge", "Rahel Haile",
    "Kjell Aune", "Mari Ellefsen", "Dragana Petrović", "Sindre Hovland",
)
#: this cohort's employers (pass it to ``Scrubber(organisations=...)``)
ORGANISATIONS: tuple[str, ...] = (
    "Trondheim kommune", "Helse Midt-Norge", "Skatteetaten", "Sparebank 1 SMN", "Statsbygg", "Lånekassen",
    "Mattilsynet", "Kongsberg Gruppen", "Vegvesenet",
)
#: locales whose names are the "other" names: none of them is a locale the scrubber reads its lists from
_OTHER_LOCALES = ("is_IS", "et_EE", "lt_LT", "lv_LV", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "sk_SK", "pt_BR", "id_ID",
                  "sw", "yo_NG", "ig_NG", "ha_NG", "zu_ZA", "az_AZ", "ga_IE", "en_KE", "en_NG", "en_PK", "es_MX")
_NEAR_LOCALES = ("no_NO", "no_NO", "da_DK", "sv_SE", "en_GB")

_NB_PLANTED = (
    "Etter første runde ringte jeg {fornavn} og forklarte hvorfor.",
    "{etternavn} fra HR ba oss vurdere søkerne hver for oss før vi snakket sammen.",
    "Vi la merke til at {navn} ble avbrutt oftere enn de andre i panelet.",
    "Referansene til {navn} var gode, men vi ringte bare én av dem.",
    "Jeg gikk gjennom kravprofilen med {navn} og {navn} i forrige uke.",
    "{fornavn} fortalte at hun aldri før hadde fått en begrunnelse for et avslag.",
    "Panelet besto av meg, {navn} og en tillitsvalgt.",
    "Hadde det ikke vært for {fornavn}, hadde vi aldri sett på den søknaden.",
    "Innstillingen ble skrevet av {navn} (HR) og meg.",
    "Det var {fornavn} som foreslo en arbeidsprøve i stedet for et nytt intervju.",
    "Søkeren, {navn}, hadde tre år uten arbeid i CV-en.",
    "«{fornavn} passer ikke inn hos oss», sa en kollega, og da stoppet jeg opp.",
    "{navn_gen} søknad var den eneste med en tydelig beskrivelse av resultater.",
    "Jeg sendte innkallingen til {epost} samme dag.",
    "Ta gjerne kontakt på {tlf} eller {epost} hvis noe er uklart.",
    "Telefonnummeret hans, {tlf}, sto øverst i søknaden.",
    "Søkeren skrev «tlf. {tlf}» under navnet sitt.",
    "Hun oppga fødselsnummer ({fnr}) i søknaden, selv om vi ikke ba om det.",
    "I vedlegget sto D-nummeret {dnr} og en adresse.",
    "Søknaden hadde et nummer som lignet et fødselsnummer: {pnr}.",
    "Han bor i {adresse}, {postnr_by}, rett ved kontoret.",
    "Adressen på søknaden var {adresse}.",
    "Referansen i utlandet svarte på {tlf_utland} etter to dager.",
    "Oppdatert kontaktinfo: {epost}, {tlf}.",
    "Vi hentet referanser fra {org} uten å spørre søkeren først, og det var feil.",
    "Både {org} og vi bruker nå samme mal for intervjuguiden.",
    "Jeg og {fornavn} var uenige om hvor mye norskkravet skulle veie.",
    "Tillitsvalgt {navn} ba om å få se annonsen før den gikk ut.",
)
_EN_PLANTED = (
    "After the first round I phoned {fornavn} and explained why.",
    "{etternavn} from HR asked us to rate the applicants on our own before we talked.",
    "We noticed that {navn} was interrupted more often than the others on the panel.",
    "The references for {navn} were good, but we only called one of them.",
    "I went through the requirement profile with {navn} and {navn} last week.",
    "{fornavn} told me she had never been given a reason for a rejection before.",
    "The panel was me, {navn} and a union representative.",
    "If it had not been for {fornavn}, we would never have read that application.",
    "The ranked recommendation was written by {navn} (HR) and me.",
    "It was {fornavn} who suggested a work sample instead of a second interview.",
    "The applicant, {navn}, had a three-year gap in the CV.",
    "\"{fornavn} won't fit in here,\" a colleague said, and that made me stop.",
    "{navn_gen} application was the only one that described results clearly.",
    "I sent the invitation to {epost} the same day.",
    "Feel free to reach me on {tlf} or {epost} if anything is unclear.",
    "His phone number, {tlf}, was at the top of the application.",
    "She gave her national identity number ({fnr}) although we never asked for it.",
    "The attachment held the D number {dnr} and an address.",
    "The application had a number that looked like an identity number: {pnr}.",
    "He lives at {adresse}, {postnr_by}, right by the office.",
    "The address on the application was {adresse_en}.",
    "The reference abroad answered on {tlf_utland} after two days.",
    "Updated contact details: {epost}, {tlf}.",
    "We took references from {org} without asking the applicant first, which was wrong.",
    "Both {org} and we now use the same template for the interview guide.",
    "Me and {fornavn} disagreed on how much the Norwegian requirement should weigh.",
    "Union rep {navn} asked to see the ad before it went out.",
)
_NB_FILLERS = (
    "Ifølge {sitat} er strukturerte intervjuer mer treffsikre enn ustrukturerte.",
    "{lov} krever at vi kan begrunne vurderingen skriftlig.",
    "Vi sjekket {paragraf} før annonsen ble publisert.",
    "I {år} hadde {prosent} av de nyansatte innvandrerbakgrunn.",
    "Stillingen var lønnet til {beløp} i året.",
    "Vi fikk {antall} søknader, og {antall} av dem var kvalifiserte.",
    "Søknadsfristen var {dato}, og intervjuene gikk over to uker.",
    "Saken hos {institusjon} ({saksnr}) handlet om et for strengt språkkrav.",
    "En av søkerne hadde bodd i {sted} i mange år.",
    "{institusjon} har gode veiledere om dette.",
    "Jeg har skjønt at magefølelse ikke er en metode.",
    "Neste gang skal alle i panelet bruke samme skala fra 1 til 5.",
    "Det tok {antall} minutter å skrive ned vurderingen etter hvert intervju.",
    "Vi endret annonsen etter tips fra {institusjon}.",
    "Mange av oss tenker at «kulturell match» er nøytralt, men det er det ikke.",
    "Resultatene i {sitat} overrasket meg mest.",
    "Budsjettet for stillingen økte med {beløp} etter omorganiseringen.",
    "Innkallingsplikten gjelder i staten, og {paragraf} sier hvordan.",
)
_EN_FILLERS = (
    "According to {sitat}, structured interviews predict job performance better than unstructured ones.",
    "{lov} requires that we can justify the assessment in writing.",
    "We checked {paragraf} before the ad was published.",
    "In {år}, {prosent} of new hires had an immigrant background.",
    "The post paid {beløp} a year.",
    "We received {antall} applications, of which {antall} were qualified.",
    "The deadline was {dato}, and the interviews ran over two weeks.",
    "The case at {institusjon} ({saksnr}) was about a language requirement that was too strict.",
    "One of the applicants had lived in {sted} for many years.",
    "{institusjon} publishes good guidance on this.",
    "I have understood that gut feeling is not a method.",
    "Next time everyone on the panel will use the same scale from 1 to 5.",
    "It took {antall} minutes to write down the assessment after each interview.",
    "We changed the ad after advice from {institusjon}.",
    "Many of us think that cultural fit is neutral, but it is not.",
    "The findings in {sitat} surprised me most.",
    "The budget for the post went up by {beløp} after the reorganisation.",
)
_CITATIONS = (
    "Huffcutt og Roth (1998)", "(Schmidt & Hunter, 1998)", "Campion og kolleger", "Levashina mfl. (2014)",
    "Quillian et al. 2017", "Midtbøen & Quillian (2021)", "Birkelund mfl. 2014", "Barrick et al. (2010)",
    "Joshi og Roh (2009)", "Nishii (2013)", "Kearney & Gebert 2009", "van Dijk mfl. 2012", "Sackett mfl.",
    "Edmondson (1999)", "Gaucher mfl. 2011", "Åslund & Skans 2012", "Bertrand & Mullainathan (2004)",
    "Carlsson og Rooth 2007", "Derous et al. 2015", "Bertrand og kolleger",
)
_LAWS = (
    "ldl. § 30", "Likestillings- og diskrimineringsloven § 11", "Arbeidsmiljøloven § 13-1",
    "Forskrift til statsansatteloven § 6", "Offentleglova § 25", "Forvaltningsloven § 17",
    "Hovedavtalen i staten § 30", "Statsansatteloven § 3", "The Working Environment Act",
    "The Public Administration Act", "The Freedom of Information Act", "The Basic Agreement for the state",
)
_SECTIONS = ("ldl. § 30", "aml. § 13-1", "§§ 4, 4a og 4b", "§ 9-3", "forskriften § 6", "section 25",
             "Prop. 94 L (2016–2017)", "fvl. § 17")
_INSTITUTIONS = ("LDO", "Likestillings- og diskrimineringsombudet", "Diskrimineringsnemnda", "Sivilombudet", "DFØ",
                 "IMDi", "NAV", "Arbeidstilsynet", "HK-dir", "Bufdir", "Fafo", "the Parliamentary Ombud",
                 "the Equality and Anti-Discrimination Ombud", "the Labour Inspection Authority")
_PLACES = ("Trondheim", "Bodø", "Polen", "Somalia", "Eritrea", "Syria", "Ukraina", "Litauen", "Stjørdal", "Melhus",
           "Tromsø", "Kenya", "Irak", "Filippinene")
_STREETS = ("Kirkegata", "Øvre Slottsgate", "Strandveien", "Bjørnstjerne Bjørnsons gate", "Munkegata", "Elgeseter gate",
            "Olav Tryggvasons gate", "Prinsens gate", "Fjordgata", "Lademoen kirkevei", "Innherredsveien", "Bakkegata")
_TOWNS = ("0183 Oslo", "5003 Bergen", "7011 Trondheim", "9008 Tromsø", "4006 Stavanger", "7500 Stjørdal",
          "7224 Melhus", "8006 Bodø", "2317 Hamar")


class _HeldOut:
    """Draws this corpus's identifiers and terms; one instance per corpus, seeded."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"held-out-{seed}")
        # in a fixed order: a set's order (and so each Faker's seed) varied with PYTHONHASHSEED
        self.near = {locale: Faker(locale) for locale in dict.fromkeys(_NEAR_LOCALES)}
        self.other = {locale: Faker(locale) for locale in _OTHER_LOCALES}
        for number, faker in enumerate((*self.near.values(), *self.other.values())):
            faker.seed_instance(seed * 1000 + number)
        self.listed = known_names()

    # --- names ---------------------------------------------------------------------------------------
    def _person(self) -> tuple[str, str, str]:
        """(first name, surname, source): the cohort 15 %, Scandinavian and English 35 %, other locales 50 %."""
        roll = self.rng.random()
        if roll < 0.15:
            first, last = self.rng.choice(ROSTER).rsplit(" ", 1)
            return first, last, "roster"
        pool = self.near if roll < 0.5 else self.other
        faker = pool[self.rng.choice(list(pool))]
        first, last = faker.first_name(), faker.last_name()
        listed = any(part in self.listed for part in re.split(r"[ -]", f"{first} {last}"))
        return first, last, "list" if listed else "unlisted"

    def name(self, slot: str, language: str) -> tuple[str, str]:
        first, last, source = self._person()
        value = {"fornavn": first, "etternavn": last}.get(slot, f"{first} {last}")
        if slot == "navn_gen":
            value += "'s" if language == "en" else ("'" if value.endswith(("s", "x", "z")) else "s")
        roll = self.rng.random()
        if roll < 0.05:
            return value.lower(), f"{source}:lower"
        if roll < 0.09:
            return value.upper(), f"{source}:capitals"
        return value, source

    # --- numbers -------------------------------------------------------------------------------------
    def phone(self) -> str:
        d = self.rng.choice("49") + "".join(str(self.rng.randrange(10)) for _ in range(7))
        if self.rng.random() < 0.3:
            d = self.rng.choice("2357") + d[1:]  # a landline
        return self.rng.choice((
            f"+47 {d[:3]} {d[3:5]} {d[5:]}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"{d[:3]}-{d[3:5]}-{d[5:]}",
            f"{d[:2]} {d[2:5]} {d[5:]}", f"(+47) {d}", f"+47-{d[:3]}-{d[3:5]}-{d[5:]}", f"{d[:3]} {d[3:5]} {d[5:]}",
            f"+47{d[:3]} {d[3:]}", d, f"{d[:4]} {d[4:]}",
        ))

    def foreign_phone(self) -> str:
        r = self.rng.randrange
        return self.rng.choice((
            f"+44 7700 {r(900000, 900999)}", f"+46 (0)8 {r(100, 999)} {r(100, 999)} {r(10, 99)}",
            f"+1 415 555 {r(1000, 9999)}", f"+48 601 {r(100, 999)} {r(100, 999)}",
            f"+358 40 {r(100, 999)} {r(1000, 9999)}",
            f"+49 151 {r(10000000, 99999999)}", f"0046 8 {r(100, 999)} {r(100, 999)} {r(10, 99)}",
            f"0044 20 {r(7000, 7999)} {r(1000, 9999)}", f"+252 61 {r(1000000, 9999999)}", f"+291 7 {r(100000, 999999)}",
        ))

    def identity(self, d_number: bool, valid: bool = True) -> str:
        while True:
            year = self.rng.randrange(1945, 2007)
            month, day = self.rng.randrange(1, 13), self.rng.randrange(1, 29) + (40 if d_number else 0)
            individual = self.rng.randrange(0, 500) if year < 2000 else self.rng.randrange(500, 1000)
            base = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
            control = control_digits(base)
            if control is None:
                continue
            if not valid:
                wrong = f"{control[0]}{(int(control[1]) + 1 + self.rng.randrange(9)) % 10}"
                if control_digits(base) == wrong:
                    continue
                control = wrong
            n = base + control
            return self.rng.choice((n, n, f"{n[:6]} {n[6:]}", f"{n[:6]}-{n[6:]}", f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}",
                                    f"{n[:6]} {n[6:9]} {n[9:]}", f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"))

    # --- contact and place ---------------------------------------------------------------------------------
    def email(self) -> str:
        faker = self.rng.choice((*self.near.values(), *self.other.values()))
        local = re.sub(r"[^a-z0-9.]", "", f"{faker.first_name()}.{faker.last_name()}".lower()) or "post"
        domain = self.rng.choice(("nav.no", "hr.trondheim.kommune.no", "firma.com", "epost.se", "mail.dk", "uni.fi",
                                  "example.org", "arbeid.net", "posteo.de", "consult.io"))
        roll = self.rng.random()
        if roll < 0.1:
            return f"{local} [at] {domain.replace('.', ' [dot] ')}"
        if roll < 0.18:
            return f"{local}(at){domain}"
        if roll < 0.25:
            return f"{local} at {domain.replace('.', ' dot ')}"
        if roll < 0.3:
            return f"{local}@{domain}".upper()
        if roll < 0.35:
            return f"{local}+jobb@{domain}"
        return f"{local}@{domain}"

    def street(self) -> str:
        number = f"{self.rng.randrange(1, 160)}{self.rng.choice(('', '', '', 'B', ' C', 'a'))}"
        street = f"{self.rng.choice(_STREETS)} {number}"
        return street.lower() if self.rng.random() < 0.15 else street

    def postcode_town(self) -> str:
        town = self.rng.choice(_TOWNS)
        return town.lower() if self.rng.random() < 0.15 else town

    # --- terms to keep -------------------------------------------------------------------------------------
    def keep(self, slot: str) -> str:
        rng = self.rng
        if slot == "sitat":
            return rng.choice(_CITATIONS)
        if slot == "lov":
            return rng.choice(_LAWS)
        if slot == "paragraf":
            return rng.choice(_SECTIONS)
        if slot == "institusjon":
            return rng.choice(_INSTITUTIONS)
        if slot == "sted":
            return rng.choice(_PLACES)
        if slot == "år":
            return str(rng.randrange(1998, 2027))
        if slot == "prosent":
            return rng.choice((f"{rng.randrange(2, 40)} %", f"{rng.randrange(1, 9)},{rng.randrange(10)} %",
                               f"{rng.randrange(5, 60)} prosent", f"{rng.randrange(5, 60)}%"))
        if slot == "beløp":
            r = rng.randrange
            return rng.choice((f"kr {r(480, 990)} 000", f"NOK {r(1, 3)},{r(10)} mill.", f"{r(520, 880)} 000 kroner",
                               f"£{r(30, 90)},000", f"USD {r(50, 120)} 000", f"kr {r(10, 99)} {r(100, 999)}"))
        if slot == "antall":
            return rng.choice((str(rng.randrange(3, 90)), f"{rng.randrange(1, 9)} {rng.randrange(100, 999)}",
                               str(rng.randrange(100, 999)), str(rng.randrange(1000, 9999))))
        if slot == "dato":
            return rng.choice((f"{rng.randrange(1, 29)}. {rng.choice(('januar', 'mars', 'juni', 'oktober'))} "
                               f"{rng.randrange(2019, 2027)}",
                               f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.{rng.randrange(2019, 2027)}",
                               f"{rng.randrange(2019, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                               f"uke {rng.randrange(1, 53)}"))
        if slot == "saksnr":
            return rng.choice(("sak 11/245", "sak 09/2308", "LDO-sak 16/2340", f"ref. {rng.randrange(2019, 2027)}/"
                               f"{rng.randrange(100, 9999)}", "sak 15/769"))
        raise KeyError(slot)


_NAME_SLOTS = {"navn", "fornavn", "etternavn", "navn_gen"}
_KEEP_SLOTS = {"sitat": "citation", "lov": "law", "paragraf": "section", "institusjon": "institution",
               "sted": "place", "år": "year", "prosent": "percent", "beløp": "amount", "antall": "count",
               "dato": "date", "saksnr": "case number"}


def _slot_values(slot: str, language: str, gen: _HeldOut) -> list[Piece]:
    """A slot's pieces: (truth kind, keep kind, text, source)."""
    if slot in _NAME_SLOTS:
        value, source = gen.name(slot, language)
        return [(NAME, None, value, source)]
    if slot in _KEEP_SLOTS:
        return [(None, _KEEP_SLOTS[slot], gen.keep(slot), "")]
    if slot == "tlf":
        return [(PHONE, None, gen.phone(), "phone")]
    if slot == "tlf_utland":
        return [(PHONE, None, gen.foreign_phone(), "phone")]
    if slot == "fnr":
        return [(FNR, None, gen.identity(d_number=False), "fnr")]
    if slot == "dnr":
        return [(DNR, None, gen.identity(d_number=True), "dnr")]
    if slot == "pnr":
        return [(PNR, None, gen.identity(d_number=gen.rng.random() < 0.4, valid=False), "pnr")]
    if slot == "epost":
        return [(EMAIL, None, gen.email(), "email")]
    if slot == "adresse":
        return [(ADDRESS, None, gen.street(), "address")]
    if slot == "adresse_en":
        english = gen.near["en_GB"].street_address()
        return [(ADDRESS, None, english if gen.rng.random() < 0.5 else gen.street(), "address")]
    if slot == "postnr_by":
        return [(POSTCODE, None, gen.postcode_town(), "postcode")]
    if slot == "org":
        return [(ORG, None, gen.rng.choice(ORGANISATIONS), "organisation")]
    raise KeyError(slot)


def heldout_corpus(n: int = 2000, seed: int = 1) -> list[PlantedText]:
    """``n`` reflections, about 55 % bokmål and 45 % English, each of one to four planted sentences among
    one to five others, sometimes as a list; the same ``seed`` gives the same corpus."""
    gen = _HeldOut(seed)
    corpus: list[PlantedText] = []
    for _ in range(n):
        language = "nb" if gen.rng.random() < 0.55 else "en"
        fillers, planted = (_NB_FILLERS, _NB_PLANTED) if language == "nb" else (_EN_FILLERS, _EN_PLANTED)
        templates = gen.rng.sample(fillers, gen.rng.randint(1, 5)) + gen.rng.sample(planted, gen.rng.randint(1, 4))
        gen.rng.shuffle(templates)
        between = (lambda: "\n- ") if gen.rng.random() < 0.15 else (
            lambda: gen.rng.choice((" ", " ", " ", "\n", "\n\n")))
        corpus.append(compose(templates, language, lambda slot, lang: _slot_values(slot, lang, gen), between))
    return corpus
