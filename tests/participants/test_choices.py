"""The words the CSV import accepts in each category column (app/participants/choices.py, WL-1).

The cases come from the labels themselves (models.CODED_FIELD_LABELS, rendered through the catalogue), so a new
category or value is covered without touching these tests.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.common.i18n import LANGUAGES
from app.extensions import db
from app.participants import choices
from app.participants.models import CODED_FIELD_LABELS, Participant
from tests.participants.csv_files import HEADINGS, csv_text, good_row, problems, run_import, uploaded

# The categories every file has a column for already (tests/participants/csv_files.py); others get one.
COLUMN_OF = {"organisation_type": "Type of organisation", "region": "Region", "seniority": "Seniority"}


def file_with(name: str, words: list[str]) -> str:
    """A file of good rows, one for each word in category `name`'s column."""
    heading = COLUMN_OF.get(name, name)
    headings = HEADINGS if heading in HEADINGS else [*HEADINGS, heading]
    rows = []
    for number, word in enumerate(words):
        row = {**dict(zip(HEADINGS, good_row(number), strict=True)), heading: word}
        rows.append([row[h] for h in headings])
    return csv_text(*rows, headings=headings)


def typed_differently(label: str) -> str:
    """The label as someone might type it: capitals, no accents, the other apostrophe, spaces for hyphens."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", label) if not unicodedata.combining(ch))
    swapped = plain.translate(str.maketrans({"’": "'", "'": "’", "-": " "}))
    return f"  {swapped.upper()} "


def labels(app, name: str, language: str) -> list[str]:
    with app.test_request_context():
        return choices.labels(name, language)


def stored(app, name: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(getattr(Participant, name)).order_by(Participant.id)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(CODED_FIELD_LABELS))
def test_every_category_accepts_each_of_its_labels_in_welsh_and_english(app, client, as_role, name, language):
    as_role("researcher")
    words = labels(app, name, language)
    response = run_import(client, uploaded(client, file_with(name, [*words, *map(typed_differently, words)])))
    assert response.status_code == 302, problems(response.get_data(as_text=True))
    values = [member.value for member in CODED_FIELD_LABELS[name]]
    assert stored(app, name) == values * 2


def test_the_welsh_examples_are_the_catalogues_labels_and_are_accepted_however_typed(app, client, as_role):
    # The "Gogledd" and "Uwch ymarferydd": the catalogue's labels are "Gogledd Cymru" and "Uwch-ymarferydd".
    assert "Gogledd Cymru" in labels(app, "region", "cy")
    assert "Uwch-ymarferydd" in labels(app, "seniority", "cy")
    as_role("researcher")
    typed = [
        ("Gogledd Cymru", "Uwch-ymarferydd"),
        ("gogledd  cymru", "Uwch ymarferydd"),
        (" GOGLEDD CYMRU ", "uwch–ymarferydd"),
        ("De ddwyrain Cymru", "uwch\u2011ymarferydd"),
        ("Y tu allan i Gymru", "Pennaeth gwasanaeth neu gyfarwyddwr"),
    ]
    rows = [good_row(n, Region=region, Seniority=seniority) for n, (region, seniority) in enumerate(typed)]
    assert run_import(client, uploaded(client, csv_text(*rows))).status_code == 302
    assert stored(app, "region") == ["north", "north", "north", "south_east", "outside"]
    assert stored(app, "seniority") == ["senior"] * 4 + ["head"]


@pytest.mark.parametrize(
    ("name", "typed", "value"),
    [
        ("status", "Wedi'i oedi", "paused"),
        ("status", "wedi tynnu'n ol", "withdrawn"),
        ("organisation_type", "Gwasanaeth heddlu, tan neu achub", "emergency"),
        ("organisation_type", "Gwasanaeth heddlu, tân neu achub", "emergency"),
        ("region", "De–orllewin Cymru", "south_west"),
        ("preferred_language", "cymraeg", "cy"),
        ("welsh_willingness", "IE", "yes"),
        ("region", "south_east", "south_east"),  # the stored value, as files from other systems have it
    ],
)
def test_accents_apostrophes_and_hyphens_need_not_match_the_label(app, name, typed, value):
    with app.test_request_context():
        assert choices.match(name, typed, choices.all_accepted_words()) == value


@pytest.mark.parametrize(
    ("name", "typed", "value"),
    [
        ("region", "Gogledd", "north"),  # the issue's own examples
        ("seniority", "Uwch ymarferydd", "senior"),
        ("seniority", "Uwch", "senior"),
        ("region", "De ddwyrain", "south_east"),
        ("region", "North", "north"),  # as English's stored values always were
    ],
)
def test_the_first_words_of_a_label_are_enough_when_they_name_one_value(app, name, typed, value):
    with app.test_request_context():
        assert choices.match(name, typed, choices.all_accepted_words()) == value


def test_first_words_that_name_two_values_are_not_taken(app):
    with app.test_request_context():
        words = choices.all_accepted_words()
        assert choices.match("region", "De", words) is None  # De-orllewin or De-ddwyrain?
        assert choices.match("region", "Cymru", words) is None


def test_no_word_names_two_values_of_one_category(app):
    with app.test_request_context():
        for name, labelled in CODED_FIELD_LABELS.items():
            meanings = defaultdict(set)
            for language in LANGUAGES:
                for member, label in zip(labelled, choices.labels(name, language), strict=True):
                    meanings[choices.choice_key(label)].add(member.value)
            for member in labelled:
                meanings[choices.choice_key(member.value)].add(member.value)
            assert {word: found for word, found in meanings.items() if len(found) > 1} == {}, name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(CODED_FIELD_LABELS))
def test_an_unknown_value_lists_the_categorys_labels_in_the_readers_language(app, name, language):
    other = "en" if language == "cy" else "cy"
    with app.test_request_context():
        with force_locale(language):
            message = choices.unknown_value(name, "Atlantis")
        own, others = choices.labels(name, language), choices.labels(name, other)
    assert message.startswith(("“Atlantis”", "Nid yw “Atlantis”"))
    assert ", ".join(f"“{label}”" for label in own) in message
    assert not [label for label in others if label not in own and f"“{label}”" in message]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "cy",
            "Nid yw “Atlantis” yn rhanbarth y mae Profi yn ei adnabod. Ysgrifennwch un o’r rhain: "
            "“Gogledd Cymru”, “Canolbarth Cymru”, “De-orllewin Cymru”, “De-ddwyrain Cymru”, “Y tu allan i Gymru”",
        ),
        (
            "en",
            "“Atlantis” is not a region Profi knows. Write one of these: "
            "“North Wales”, “Mid Wales”, “South West Wales”, “South East Wales”, “Outside Wales”",
        ),
    ],
)
def test_a_region_nobody_knows_is_a_problem_in_the_readers_language_and_nobody_is_added(
    app, client, as_role, language, expected
):
    as_role("researcher", preferred_language=language)
    rows = [good_row(1), good_row(2, Region="Atlantis")]
    response = run_import(client, uploaded(client, csv_text(*rows)))
    assert response.status_code == 400
    assert ("3", "Region", expected) in problems(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
