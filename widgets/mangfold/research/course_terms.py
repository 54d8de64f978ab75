"""The course's own proper nouns: laws, agreements, institutions, publications and the authors it cites.

A learner who writes about what the course taught echoes these ("Hovedavtalen i staten § 30",
"ifølge LDO", "Sackett og kolleger"). None of them is a person, and scrubbing them took from
researchers the very text they came for (issue 18: a cited author became ‹NAVN› in 23 of 24 cases,
the state's collective agreement in 16 of 19). The lists are the proper nouns of the course's sources
and case (``source/*/content.*.yaml``, ``source/06-oppsummering/case.yaml``) and of the research the
content briefs cite, kept here as data so the scrubber does not depend on where the course's files are
installed; ``tests/research/test_course_terms.py`` checks that they still cover those files.

Authors are the one kind that can be a person's name too: "Larsen" is a cited author and a common
Norwegian surname. So an author whose surname is in the scrubber's name lists is kept only where it is
written as a citation (``citations``); one in no list ("Sackett", "Midtbøen") is kept anywhere it
stands on its own or beside other authors. A roster name is always removed, whatever these lists say.
"""

from __future__ import annotations

from functools import cache

from .vocabulary import known_names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: single words, in lower case, that are the course's institutions, laws, agreements, programmes,
#: publications and case employer: capitalised they are never a person ("Sivilombudet", "Difi", "Prop.").
#: The case's municipalities are here too ("Melhus", "Orkland"). FINN (the classifieds site) is not: "Finn"
#: is a first name too (``COURSE_ACRONYMS``).
COURSE_WORDS = _words("""
    ldo ldos likestillingsombudet diskrimineringsombudet diskrimineringsnemnda sivilombudet sivilombudsmannen
    ombud ombudet ombudsmann dfø difi imdi nav bufdir hk-dir arbeidstilsynet fafo lovdata jobbnorge finn.no
    språkrådet stortinget regjeringen kifinfo compendia juristen sciencenordic mckinsey opm unio akademikerne
    stat hovedavtalen hovedavtale hovedtariffavtalen personalhåndboken personalhåndbok statens
    staten prop ot.prp innst traineeprogrammet inkluderingsdugnaden tilskuddsdirektoratet fjordvik
    frivillighetstilskudd webcruiter linkedin jpsp pnas asq amj jap obhdp jibs ldl aml fvl arp
    likestillings aktivitets diskrimineringsloven likestillingsloven arbeidsmiljøloven statsansatteloven
    forvaltningsloven forvaltningslovforskriften offentleglova offentlighetsloven språklova
    diskrimineringslova likestillingslova arbeidsmiljølova statsansattelova forvaltningslova forvaltningslovforskrifta
    sivilombodet hovudavtalen hovudavtale statens
    melhus stjørdal malvik orkland trondheim
    act acts ombud agreement regulations
""")

#: course terms written in capitals that are also names in other case: "FINN" is the classifieds site, "Finn" a
#: person; only the capitals are kept (as an acronym)
COURSE_ACRONYMS = frozenset({"finn"})

#: the words of the course's glossary terms (case.yaml, nb, nn and en): written with a capital ("our Structured
#: Interview", "Vi lærte om Jobbanalyse") they are the course's concepts, not a person, unless a name is
#: beside them. Words that are also names ("Hull", "Job") are left out and judged as names are.
GLOSSARY_WORDS = _words("""
    aktivitets annerledeshet annonsen ansettelse ansettelsesråd arbeidsprøve bekreftelsesfellen beskrevne
    bevisbyrde bør-krav direkte diskrimineringsgrunnlag egnethet enkeltvedtak forskjellsbehandling
    funksjonsnedsettelse førsteinntrykk glorieeffekten holdninger indirekte inkluderende innkallingsplikt
    innstilling innvandrerbakgrunn intervju intervjuguide introduksjon jobbanalyse jobbutførelse klima
    kontrasteffekten kvalifikasjonskrav kvalifikasjonsprinsippet kvalifisert kvotering likhetseffekten
    magefølelse moderat må-krav personlig positiv psykologisk redegjørelsesplikt seleksjonsmetode spørreforbudet
    stereotypier stillingsannonse strukturert styrke særbehandling søkerliste tillitsvalgt tilnærmet
    tilrettelegging trinn trygghet ubevisste utvidet vurderingsskala mangfoldsrekruttering godt like ukene cv-en
    annleisheit eignaheit funksjonsnedsetjing haldningar hol inkluderande innvandrarbakgrunn jobbutføring
    likskapseffekten magekjensle mangfaldsrekruttering personleg skildra spørjeforbodet stadfestingsfella
    stereotypiar søkjarliste tillitsvald tilnærma tilsetjing tilsetjingsråd tryggleik umedvitne utgreiingsplikt
    utvida vekene
    accommodation action activity advertisement analysis anchored applicants appointment appointments
    approximately asking background ban bias burden climate confirmation contrast decision difference direct
    disability discrimination diversity duty effect extended feeling gap ground gut halo immigrant impression
    inclusive indirect individual interview merit method moderate onboarding performance personal positive
    principle proof protected psychological qualification qualified quota ranked rating recommendation
    recruitment reporting representative requirement requirements safety sample scale selection similarity
    stereotypes strength structured suitability tie-break trap unconscious
""")

#: phrases of the course written with capitals, matched whole and in any case, so that each of their
#: words is kept as part of the phrase even where it could be a name on its own ("Selection Partner")
COURSE_PHRASES: tuple[str, ...] = (
    "Hovedavtalen i staten", "Basic Agreement for the state", "Statens personalhåndbok",
    "Equality and Anti-Discrimination Act", "Equality and Anti-Discrimination Ombud", "Working Environment Act",
    "State Employees Act", "Public Administration Act", "Public Administration Regulations",
    "Freedom of Information Act", "Parliamentary Ombud", "Labour Inspection Authority",
    "Likestillings- og diskrimineringsombudet", "Traineeprogrammet i staten", "Selection Partner",
    "Advokatfirmaet Lippestad", "LO Stat", "Econ Journal Watch", "Journal of International Business Studies",
    "Administrative Science Quarterly", "Personnel Psychology", "Sosiologisk tidsskrift", "Sociological Science",
    "Journal of Applied Psychology", "Academy of Management Journal", "Journal of Organizational Behavior",
    "Structured Interviews: A Practical Guide", "Tilskuddsdirektoratet", "Seksjon for frivillighetstilskudd",
    "Fjordvik kommune",
)

#: surnames of the research the course cites (content sources and briefs), in lower case; particles
#: ("van", "di") are written with the name they belong to
COURSE_AUTHORS = _words("""
    sackett schmidt hunter zimmerman huffcutt roth campion palmer midtbøen rogstad larsen birkelund quillian
    gaucher friesen kay rivera sterri dougherty turban callender barrick green hand stahl joshi roh bell triana
    dijk engen knippenberg kearney gebert nishii edmondson wang cheng chen leung levashina hartwell morgeson
    culbertson weyhrauch krajewski goffin mccarthy rothstein johnston stefano gino pisano staats derue nahrgang
    hollenbeck workman skorstad
""")

#: lower-case name particles an author's surname may carry ("van Knippenberg", "Di Stefano")
PARTICLES = _words("van von de di der den da le la")


@cache
def distinctive_authors() -> frozenset[str]:
    """Cited authors in none of the scrubber's name lists: kept wherever they stand on their own.

    The others ("Larsen", "Green", "Hunter") are common names, kept only in a citation's shape.
    """
    listed = {name.lower() for name in known_names()}
    return COURSE_AUTHORS - listed
