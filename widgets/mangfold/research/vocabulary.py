"""The word lists behind the name recogniser: names from Faker, and the words that only look like names.

Faker's person providers are the name lists "that install from PyPI": its ``no_NO`` locale (Faker has
no ``nb_NO``; ``no_NO`` is its bokmål, with only 200 first names), the Danish and Swedish ones (names
common in Norway that ``no_NO`` lacks, "Gudrun" among them) and the English ones. Thousands of those names are
also ordinary words ("Per" år, "Liv", "Will", "Eller", "Etter" are all in them), so the recogniser
needs to know which capitalised words are ambiguous and which are never a person on their own.
"""

from __future__ import annotations

from functools import cache

from ..extras import require

#: Faker's person providers (the research extra); without it the export says which extra to install
_PROVIDERS = tuple(require(f"faker.providers.person.{locale}", "research", "mangfold research").Provider
                   for locale in ("no_NO", "da_DK", "sv_SE", "en", "en_US", "en_GB"))


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, one space or line apart, so a long list stays readable."""
    return frozenset(text.split())

#: names that are also everyday words in bokmål, nynorsk or English: a capitalised one at the start of a
#: sentence is read as a name only with more evidence (a surname after it, or a verb like "sa")
COMMON_WORDS = _words("""
    per bo liv dag hans ned mat male love les del red sol stein berg strand lie li vik holm moe dahl lund engen
    bakken bakke haugen haug odd tor siv else eli rune kristen gro eller etter feil tre lang mann sommer frank
    ida tone ola ask ørn bjørn vidar sindre elv storm vår mai juni juli august april finn fem
    will may june mark bill rose grace hope joy faith art guy don pat sue rob jack max sky summer dawn bell young
    white black brown green gray grey king long short little best strong hall wood stone field page rich chance
    case cash carry holly ivy iris lily daisy amber crystal hunter baker cook ever early era fate major price
    rush sharp wise golden harmony honor justice liberty destiny star sunny river winter spring autumn sage ray
    hunt drew dean chase clay cliff dale glen lane moss north west wells wall ward bond booth bush church cross
    cole pierce miles hill park law judge bishop penny noble victor wade walker wolf fox good less key line link
    lord lady true moon snow son roll sing pink ball bee add ah day gay hand horn hull toy wing kit ham so an
    alene delta general grant harm jo job kalle lage len loyal mal noe reason said sine van ville dare fields
    frisk heller holder pace read small smart weeks al tore lene helle stig kai ebbe bent mette lykke nord fors
    branch echo edit lone meta press skip tab tom unique unknown block marks
    """)


#: capitalised words that are never a person on their own: months, days, languages, places, the
#: course's and the law's own words. They also end a run of capitalised words ("Kari Oslo" is Kari).
_NEVER = _words("""
    i jeg vi du de den det han hun dem meg oss deg seg man en et ei og eller men for som at når da så om hvis
    eg me ho dei dykk ein eit ikkje kva kven korleis kvifor no
    the a an and or but if when then so we you he she they it this that these those my our your their
    januar februar mars april mai juni juli august september oktober november desember
    january february march may june july august september october november december
    mandag tirsdag onsdag torsdag fredag lørdag søndag
    monday tuesday wednesday thursday friday saturday sunday christmas easter jul påske
    norsk norwegian english engelsk swedish svensk danish dansk polish polsk somali arabic arabisk urdu
    norge norway sverige sweden danmark denmark polen poland europa europe somalia syria pakistan irak iraq
    oslo bergen trondheim stavanger drammen tromsø bodø kristiansand ålesund
    modul module mangfoldsrekruttering diskrimineringsloven arbeidsmiljøloven likestillingsloven
    likestillingsombudet diskrimineringsnemnda teams zoom excel word linkedin webcruiter jobbnorge
    google microsoft voilà jupyter star hr cv
    """)


#: a word right before a run of capitalised words that says the run is a person ("kollega Dawit Tesfaye")
TITLES = _words("""
    kollega kollegaen kollegaer kandidat kandidaten kandidatene søker søkeren søkerne sjef sjefen leder lederen
    nestleder medarbeider medarbeideren ansatt ansatte praktikant vikar mentor rådgiver rådgiveren referanse
    referansen fru herr frk hr-sjef hr-sjefen avdelingsleder avdelingslederen teamleder teamlederen mentoren
    praktikanten vikaren nestlederen veileder veilederen tillitsvalgt
    kollegaane kandidatane søkjar søkjaren søkjarane leiar leiaren nestleiar medarbeidar medarbeidaren tilsett
    tilsette rådgivar rådgivaren avdelingsleiar teamleiar avdelingsleiaren teamleiaren rettleiar rettleiaren
    colleague candidate applicant manager employee intern mentor mr mrs ms miss dr prof referee
    """)


#: a verb right after an ambiguous capitalised word that says it is someone ("Per sa", not "Per år");
#: verbs of speech and of applying, which only people do, not "er"/"is" ("Hope is not a strategy")
PERSON_VERBS = _words("""
    sa sier mente fortalte spurte svarte forklarte ringte søkte smilte lo nikket påpekte foreslo skrev syntes ba
    seier meinte fortalde spurde ringde nikka påpeikte skreiv syntest
    said says told asked answered explained called applied smiled laughed nodded suggested pointed wrote thinks
    """)


#: function words and sentence openers: in Faker's lists some are names ("Etter", "Hos", "Neste"),
#: but at the head of a run of capitalised words or alone they are the sentence's own first word
FUNCTION_WORDS = _words("""
    etter eller hos både neste også men og for før fra til med uten under over mellom mot ved av på om når
    da så som hvis selv siden sammen ifølge derfor dessuten likevel kanskje heldigvis dessverre nå her der
    hver alle noen mange flere de fleste ingen første andre tredje siste vår vårt våre min mitt mine
    denne dette disse slik hvordan hvorfor hva hvem hvilken hvilke ja nei bare ikke aldri alltid ofte
    hjå frå òg sidan difor kvar nokon nokre fleire dei fyrste mi desse korleis kvifor kva kven
    berre ikkje
    after before both next also but and for from to with without under over between against by of on at in
    when then so as if since together according therefore however perhaps fortunately unfortunately now here
    there every all some many most none first second third last our my this these those such how why what
    who which yes no only not never always often during while although though because yesterday today me us
    tomorrow later earlier finally initially meanwhile instead still
    """)


#: nouns that make a capitalised run an institution, a law or a publication, not a person
#: ("the Anti-Discrimination Act", "Econ Journal Watch")
INSTITUTIONS = _words("""
    act acts law laws directive convention regulation regulations ministry department agency authority university
    college council committee board union association directorate ombud ombudsman tribunal court school hospital
    office institute foundation program programme project policy strategy guide guidelines charter journal
    quarterly review studies report rapport psychology science
    lov loven forskrift direktoratet departementet tilsynet nemnda ombudet universitet høgskole skole sykehus
    lova forskrifta ombodet høgskule skule sjukehus
""")
_PLACES = _words("""
    afrika africa asia asia amerika america usa uk eu fn nordic norden skandinavia scandinavia london paris
    berlin stockholm københavn copenhagen warszawa warsaw mogadishu kabul damaskus damascus lillestrøm
    fredrikstad sandnes sarpsborg skien sandefjord haugesund tønsberg moss porsgrunn arendal hamar larvik
    halden lillehammer molde harstad gjøvik kongsberg horten jessheim grünerløkka frogner gamle majorstuen
    vestland viken innlandet agder rogaland nordland troms finnmark trøndelag
""")
#: countries in bokmål (a country is a country, even where it is also a first name: "Kenya", "India")
_COUNTRIES = _words("""
    polen tyskland sverige danmark finland island russland ukraina litauen latvia estland romania bulgaria ungarn
    tsjekkia slovakia kroatia serbia bosnia hellas tyrkia italia spania portugal frankrike nederland belgia
    sveits østerrike storbritannia england skottland irland canada brasil chile colombia mexico kina japan india
    bangladesh nepal iran syria libanon egypt marokko algerie tunisia libya sudan etiopia eritrea kenya uganda
    tanzania nigeria ghana kongo sør-afrika afghanistan vietnam thailand filippinene indonesia myanmar
    """)
#: the peoples, languages and faiths English writes with a capital
_PEOPLES = _words("""
    syrian somali eritrean ethiopian afghan iraqi iranian pakistani indian chinese vietnamese filipino thai
    turkish kurdish arab arabic lithuanian latvian estonian romanian bulgarian ukrainian russian german french
    spanish italian portuguese dutch british american canadian nigerian ghanaian kenyan moroccan egyptian sami
    sámi kven romani european african asian muslim christian jewish hindu buddhist sikh tigrinya amharic dari
    pashto farsi kurmanji sorani
    """)


def _not_names(words: frozenset[str]) -> frozenset[str]:
    """``words`` less those that are also names in the lists ("Christian", "Sami" are people too)."""
    names = {name.lower() for provider in _PROVIDERS for name in (*provider.first_names, *provider.last_names)}
    return frozenset(word for word in words if word not in names)


def _world() -> frozenset[str]:
    """Faker's country names and language names (English), word by word; words that are also names ("Jordan",
    "Georgia", "Chad", "Cook") are left out, so a person who bears one is still judged as a name."""
    address = require("faker.providers.address.en_US", "research", "mangfold research").Provider
    person = require("faker.providers.person", "research", "mangfold research").Provider
    words = {word.lower() for name in (*address.countries, *person.language_names) for word in name.split()}
    names = {name.lower() for provider in _PROVIDERS for name in (*provider.first_names, *provider.last_names)}
    return frozenset(word for word in words if len(word) > 3 and word not in names) | _COUNTRIES | _not_names(
        _PEOPLES)


NEVER_NAMES = _NEVER | INSTITUTIONS | _PLACES | _world() | _words("covid korona")

#: the words a lone capitalised word in English is a thing after, not a person ("the Board", "our Director",
#: "in Aftenposten"): articles, possessives, quantifiers and the prepositions of place and medium
EN_THING_BEFORE = _words("""
    the a an our my your their his its this these those each every any some no another which whose
    in at on via into onto across within throughout near inside outside around per
    """)

#: what may follow a name and "og"/"and" to say it is a person: "Gudrun og jeg", "Tadesse and I" ("I" is
#: matched in capitals only: bokmål's "og i" is "and in")
NB_PRONOUNS = _words("jeg eg meg hun han vi")
EN_PRONOUNS = _words("me she he we")

#: words before a lower-case name that say a person follows ("snakket med anne", "talked to kari",
#: "både jens og turid", "ringte synnøve"): prepositions and verbs whose object is a person
PERSON_BEFORE = _words("""
    med with to til fra from og and hos ved mot av by både both om about for
    ringte called phoned ansatte hired intervjuet interviewed møtte met spurte asked takket thanked inviterte invited
    kontaktet contacted avviste rejected valgte chose anbefalte recommended
    """)

#: possessives between a title and a name ("kollegaen min Tadesse", "my colleague Tadesse" needs none)
POSSESSIVES = _words("min mi mitt mine vår vårt våre hennes hans deres my our her his their")


@cache
def english_words() -> frozenset[str]:
    """About a thousand everyday English words (Faker's English word list): capitalised in mid-sentence
    ("our HR Director", "a Board decision") they are emphasis or a title, not a person."""
    lorem = require("faker.providers.lorem.en_US", "research", "mangfold research").Provider
    return frozenset(lorem.word_list)


@cache
def first_names() -> frozenset[str]:
    """Faker's first names, all locales above together."""
    return frozenset(name for provider in _PROVIDERS for name in provider.first_names)


@cache
def last_names() -> frozenset[str]:
    """Faker's last names, all locales above together."""
    return frozenset(name for provider in _PROVIDERS for name in provider.last_names)


@cache
def known_names() -> frozenset[str]:
    """First and last names together: a run of capitalised words holding one is a person's name."""
    return first_names() | last_names()


#: words that tell Norwegian (bokmål or nynorsk) from English; a reflection is read as Norwegian when it has at
#: least as many of the first ("i" is in neither: Norwegian's "in" is English's "I")
NORWEGIAN_MARKERS = _words("""
    og ikke jeg det som er på vi har til med av for en et at hun han men var sto også seg kan vil fra om
    å skal hadde blir ble meg deg oss dem hva når der her mye noe bare
    ikkje eg ein eit ho dei kva berre
    """)
ENGLISH_MARKERS = _words("""
    the and not it that is on we have to with of for a an she he but was were are this they you from about
    would will had been be my our what when there here much some just
    """)


def reads_as_norwegian(lowered_words: set[str]) -> bool:
    """A cheap language guess from a text's words in lower case (set intersections, no model)."""
    return len(lowered_words & NORWEGIAN_MARKERS) >= len(lowered_words & ENGLISH_MARKERS)
