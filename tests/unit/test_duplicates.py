"""The duplicate guard's text comparison: the normaliser, and precision and recall on labelled Dutch idea pairs.

The pairs are the kind of ideas civil servants of the network send: near-duplicates (the same idea in other
words or word order) and different ideas on the same theme (the hard cases: same subject, other proposal).
The threshold in bot/domain/duplicates.py was chosen on this set; run with -s to see the figures.
"""

import pytest

from bot.domain.duplicates import THRESHOLD, closest, likeness, normalise

NEAR_DUPLICATES = [
    (
        "Thorbecke-experimenten: samen met andere gemeenten meedoen",
        "Meedoen met de Thorbecke experimenten, samen met andere gemeenten",
    ),
    ("Een burgerpanel opzetten voor de begroting", "Burgerpanel instellen voor de gemeentebegroting"),
    ("Jongeren meer inspraak geven via een jongerenraad", "Inspraak voor jongeren via een jongerenraad"),
    ("Buurtbudget per wijk invoeren", "Per wijk een buurtbudget invoeren"),
    ("Digitale inspraak via een online platform", "Online platform voor digitale inspraak"),
    ("Een loting voor het burgerberaad over klimaat", "Burgerberaad klimaat: deelnemers door loting kiezen"),
    ("Wijkwethouders aanstellen in elke kern", "In elke kern een wijkwethouder aanstellen"),
    ("Kinderraad oprichten op basisscholen", "Een kinderraad oprichten met de basisscholen"),
    ("Ambtenaren een dag per maand in de wijk laten werken", "Ambtenaren laten werken in de wijk, een dag per maand"),
    ("Right to challenge mogelijk maken voor bewonersgroepen", "Bewonersgroepen het right to challenge geven"),
    ("Spreekuur van de raad in het dorpshuis", "Raadsspreekuur houden in het dorpshuis"),
    ("Een participatieverordening opstellen met inwoners", "Samen met inwoners een participatieverordening opstellen"),
    (
        "Inwoners betrekken bij de omgevingsvisie via wijkavonden",
        "Wijkavonden over de omgevingsvisie om inwoners te betrekken",
    ),
    ("Een jongerenpanel voor het jeugdbeleid", "Jongerenpanel over jeugdbeleid opzetten"),
    ("Burgertop organiseren over de energietransitie", "Een burgertop over de energietransitie organiseren!"),
    ("Uitdaagrecht invoeren voor het groenonderhoud", "Het uitdaagrecht voor groenonderhoud invoeren"),
    ("Stemhulp voor lokale referenda ontwikkelen", "Een stemhulp ontwikkelen voor een lokaal referendum"),
    ("Dorpsraden meer zeggenschap over hun eigen budget", "Meer zeggenschap voor dorpsraden over het eigen budget"),
    ("Thorbecke-experiment met een wijkraad die zelf beslist", "Experiment (Thorbecke) met een beslissende wijkraad"),
    (
        "Maandelijkse inloopavond voor inwoners in het gemeentehuis",
        "Inloopavond in het gemeentehuis voor inwoners, elke maand",
    ),
    ("Ouderen digitaal laten meepraten via de bibliotheek", "Via de bibliotheek ouderen helpen digitaal mee te praten"),
    ("Inspraak jongeren bij de nieuwe skatebaan", "Jongeren inspraak geven over de nieuwe skatebaan"),
]
SAME_THEME_DIFFERENT = [
    ("Een burgerpanel opzetten voor de begroting", "Een burgerpanel opzetten voor het klimaatbeleid"),
    ("Jongeren meer inspraak geven via een jongerenraad", "Jongeren inspraak geven via sociale media"),
    ("Thorbecke-experimenten: samen met andere gemeenten meedoen", "Thorbecke-experimenten evalueren met de raad"),
    ("Buurtbudget per wijk invoeren", "Buurtbudget evalueren na een jaar"),
    ("Burgerberaad over klimaat met loting", "Burgerberaad over de woningbouw met loting"),
    ("Kinderraad oprichten op basisscholen", "Kinderburgemeester kiezen op basisscholen"),
    ("Digitale inspraak via een online platform", "Inspraakavonden in elke wijk"),
    ("Wijkwethouders aanstellen in elke kern", "Wijkagenten vaker laten aanschuiven bij bewonersavonden"),
    ("Right to challenge voor bewonersgroepen", "Bewonersgroepen subsidie geven voor buurtfeesten"),
    ("Inspraak jongeren bij de nieuwe skatebaan", "Inspraak ouderen bij het nieuwe zorgcentrum"),
    ("Participatieverordening opstellen met inwoners", "Participatieverordening laten toetsen door de rekenkamer"),
    ("Omgevingsvisie bespreken op wijkavonden", "Omgevingsplan digitaal inzien"),
    ("Burgerpanel over de begroting", "Begroting in begrijpelijke taal publiceren"),
    ("Een jongerenpanel voor het jeugdbeleid", "Een seniorenpanel voor het ouderenbeleid"),
    ("Stemhulp voor lokale referenda", "Raadsvergaderingen live uitzenden"),
    ("Dorpsraden meer zeggenschap over hun budget", "Dorpsraden samenvoegen tot één raad"),
    ("Maandelijkse inloopavond in het gemeentehuis", "Het gemeentehuis op zaterdag openstellen"),
    ("Uitdaagrecht voor groenonderhoud", "Groenonderhoud door de buurt met een adoptieplan"),
    ("Ambtenaren een dag per maand in de wijk", "Raadsleden een dag per maand meelopen met een wijkteam"),
    ("Burgertop over de energietransitie", "Energiecoaches voor huiseigenaren"),
    ("Thorbecke-experimenten met wijkraden", "Thorbecke-experimenten met dorpsraden"),
    ("Inspraak jongeren via scholen", "Inspraak jongeren via sportclubs"),
]
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.9


def test_the_labelled_set_is_large_enough_and_balanced() -> None:
    assert len(NEAR_DUPLICATES) + len(SAME_THEME_DIFFERENT) >= 30
    assert min(len(NEAR_DUPLICATES), len(SAME_THEME_DIFFERENT)) >= 15


def test_precision_and_recall_at_the_chosen_threshold() -> None:
    found = [likeness(a, b) >= THRESHOLD for a, b in NEAR_DUPLICATES]
    false_alarms = [likeness(a, b) >= THRESHOLD for a, b in SAME_THEME_DIFFERENT]
    true_positives, false_positives = sum(found), sum(false_alarms)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / len(NEAR_DUPLICATES)
    print(
        f"\nduplicate guard at {THRESHOLD:.0f}: precision {precision:.2f}, recall {recall:.2f} "
        f"({true_positives} of {len(NEAR_DUPLICATES)} near-duplicates found, "
        f"{false_positives} of {len(SAME_THEME_DIFFERENT)} same-theme pairs flagged)"
    )
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        (
            "Thorbecke-experimenten: samen met ándere gemeenten meedoen!",
            "thorbecke experimenten andere gemeenten meedoen",
        ),
        ("  INSPRAAK   voor de Jongeren… ", "inspraak jongeren"),
        ("Het café en de coöperatie", "cafe cooperatie"),
        ("de het een", ""),
        ("Idee: deelauto's in elke wijk", "deelauto wijk"),
    ],
)
def test_the_normaliser_keeps_the_words_that_carry_the_topic(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


def test_closest_offers_at_most_three_alike_ideas_most_alike_first() -> None:
    open_ideas = [
        (1, "Burgerpanel opzetten voor de begroting"),
        (2, "Een burgerpanel voor de begroting"),
        (3, "Burgerpanel over de begroting instellen"),
        (4, "Begroting: een burgerpanel opzetten"),
        (5, "Bankjes bij de bushalte"),
    ]
    matches = closest("Een burgerpanel opzetten voor de begroting", open_ideas)
    assert len(matches) == 3
    assert {m.idea_id for m in matches} <= {1, 2, 3, 4}
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert matches[0].score == 100
    assert closest("Bankjes bij de bushalte", open_ideas[:4]) == []
    assert closest("de het een", open_ideas) == [], "only stop words: nothing to compare"
