"""Search (issue 10, item 6): the same hits on SQLite and PostgreSQL (this file runs on each), Welsh letters
folded, whatever is typed, filters, and held-back words never reaching a viewer (CON-7, DP-7)."""

from __future__ import annotations

import pytest

from app.consent.services import withdraw_consent
from app.extensions import db
from app.findings import observations, recommendations
from app.findings.evidence import HELD_NO_CONSENT, HELD_WITHDRAWN
from app.findings.findings import FindingDetails, delete_finding, update_finding
from app.findings.search import SearchFilters, search
from tests.factories import ObservationFactory, ParticipantFactory
from tests.findings.search_corpus import make_corpus


@pytest.fixture
def corpus(app_ctx):
    return make_corpus()


NO_FILTERS = SearchFilters()


def hits(corpus, query, filters=NO_FILTERS, *, researcher=True, language="cy"):
    """(finding labels, observation labels) found; None for a group the filters rule out."""
    found = search(corpus.project, query, filters, language=language, show_held_back=researcher)
    return (
        None if found.findings is None else corpus.labels(hit.finding for hit in found.findings.items),
        None
        if found.observations is None
        else corpus.labels(hit.observation for hit in found.observations.items),
    )


@pytest.mark.parametrize(
    ("query", "findings", "observations"),
    [
        ("Llyr", {"f_llyr"}, {"llyr"}),
        ("llŷr", {"f_llyr"}, {"llyr"}),
        ("LLŶR", {"f_llyr"}, {"llyr"}),
        ("Lly\u0302r", {"f_llyr"}, {"llyr"}),  # typed as y + combining circumflex (NFD)
        ("dwr", set(), {"nfd"}),  # stored as w + combining circumflex
        ("DŴR", set(), {"nfd"}),
        ("Mae'r", set(), {"mae_r"}),  # straight apostrophe finds the curly one
        ("Mae’r system", set(), {"mae_r"}),
        ("wedi’u", set(), {"wedi_u"}),  # curly finds straight
        ("e-bost", set(), {"hyphen", "operators"}),
        ("e bost", set(), {"hyphen", "operators"}),
        ('"online form"', {"f_form"}, {"caps"}),
        ("“ONLINE FORM”", {"f_form"}, {"caps"}),
        ("form online", {"f_form"}, {"caps"}),
        ('"form online"', set(), set()),
        ("NOT", {"f_form"}, {"operators"}),  # an operator word is a word
        ("AND OR", set(), {"operators"}),
        ("NEAR(", set(), {"operators"}),
        ("x*", set(), {"operators"}),  # one letter: too short for trigrams, still the database's answer
        ("^2", set(), {"operators"}),
        ("(search)", set(), {"operators"}),
        ("box:", set(), {"operators"}),
        ("drafftiau", {"f_form"}, set()),  # a recommendation's words find its finding
        ("save drafts", {"f_form"}, set()),
        ("dangosfwrdd", {"f_positive"}, set()),
        ("anodd", {"f_llyr"}, {"llyr"}),
        ("nodd", set(), set()),  # words are found from their start
        ("script", set(), {"markup"}),
        ("'; DROP TABLE observation; --", set(), set()),
        ("Llyr zzzz", set(), set()),  # every term must match
    ],
)
def test_the_same_words_find_the_same_rows_on_every_database(corpus, query, findings, observations):
    assert hits(corpus, query) == (findings, observations)


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "“”", "*", "-", ":", "()", "^", "'", "’", "\u0302", "\x00"]
)
def test_nothing_searchable_asks_for_words_rather_than_failing(corpus, query):
    found = search(corpus.project, query, SearchFilters(), language="cy", show_held_back=True)
    assert found.searched is False
    assert found.terms == []


def test_a_participant_code_finds_their_observations_however_it_is_typed(corpus):
    code = corpus.people["b"].code  # "P-0042"
    for typed in (code, code.lower(), code.replace("-", " "), code.replace("-", "‐"), f'"{code}"'):
        assert hits(corpus, typed) == (set(), {"wedi_u", "nfd"}), typed


def test_filters_narrow_each_kind_of_hit_where_they_apply(corpus):
    phases, studies = corpus.phases, corpus.studies
    assert hits(corpus, "", SearchFilters(phase_id=phases["alpha"].id)) == (
        {"f_form", "f_positive"},
        {"hyphen", "nfd", "caps", "operators"},
    )
    assert hits(corpus, "e-bost", SearchFilters(study_id=studies["alpha"].id)) == (
        set(),
        {"hyphen", "operators"},
    )
    assert hits(corpus, "e-bost", SearchFilters(study_id=studies["discovery"].id)) == (set(), set())
    # A tag: observations carrying it, and findings citing one that does.
    assert hits(corpus, "", SearchFilters(tag_id=corpus.tag.id)) == ({"f_form"}, {"llyr", "caps"})
    # Kinds, severity, status and standards of findings: findings alone.
    assert hits(corpus, "", SearchFilters(finding_kind="positive")) == ({"f_positive"}, None)
    assert hits(corpus, "", SearchFilters(severity=4)) == ({"f_form"}, None)
    assert hits(corpus, "", SearchFilters(status="agreed")) == ({"f_form"}, None)
    assert hits(corpus, "Llyr", SearchFilters(standard="wales-2")) == ({"f_llyr"}, None)
    assert hits(corpus, "", SearchFilters(show="findings")) == ({"f_llyr", "f_form", "f_positive"}, None)
    # A kind of observation: observations alone.
    assert hits(corpus, "", SearchFilters(observation_kind="quote")) == (
        None,
        {"llyr", "wedi_u", "caps", "operators"},
    )
    assert hits(corpus, "", SearchFilters(show="observations", phase_id=phases["discovery"].id)) == (
        None,
        {"llyr", "mae_r", "wedi_u", "markup"},
    )


def test_a_finding_found_by_its_other_language_shows_that_language_marked(corpus):
    found = search(corpus.project, "dashboard", SearchFilters(), language="cy", show_held_back=False)
    (hit,) = found.findings.items
    assert (hit.language, str(hit.snippet)) == ("en", "People like the <mark>dashboard</mark>")
    found = search(corpus.project, "dashboard", SearchFilters(), language="en", show_held_back=False)
    assert found.findings.items[0].language == "en"
    found = search(corpus.project, "hoffi", SearchFilters(), language="en", show_held_back=False)
    assert str(found.findings.items[0].snippet) == "Mae pobl yn <mark>hoffi</mark>’r dangosfwrdd"


def test_snippets_are_escaped_and_marked(corpus):
    found = search(corpus.project, "script", SearchFilters(), language="en", show_held_back=True)
    assert str(found.observations.items[0].snippet) == (
        "Loved it &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; more"
    )


def test_a_withdrawn_participants_words_leave_viewers_results_at_once(corpus):
    person = corpus.people["a"]
    assert hits(corpus, "Llyr", researcher=False) == ({"f_llyr"}, {"llyr"})
    withdraw_consent(person, method="online", language="cy")
    db.session.flush()
    # No rebuild, no job: the next search reads consent as it stands.
    assert hits(corpus, "Llyr", researcher=False) == ({"f_llyr"}, set())
    assert hits(corpus, person.code, researcher=False) == (set(), set())
    viewer = search(
        corpus.project, "", SearchFilters(show="observations"), language="cy", show_held_back=False
    )
    assert corpus.labels(h.observation for h in viewer.observations.items) == {
        "wedi_u",
        "nfd",
        "caps",
        "operators",
        "markup",
    }
    assert viewer.observations.total == 5  # the count does not give them away either
    # Researchers still find them, marked with why.
    found = search(corpus.project, "Llyr", SearchFilters(), language="cy", show_held_back=True)
    assert [(h.observation.id, h.held_back) for h in found.observations.items] == [
        (corpus.observations["llyr"].id, HELD_WITHDRAWN)
    ]


def test_words_said_without_quotes_consent_are_held_back_from_viewers(corpus):
    quiet = ParticipantFactory(consented=True, consent__answers__quotes=False)
    said = ObservationFactory(
        participant=quiet, research_session=corpus.observations["llyr"].research_session, text="Llŷr eto"
    )
    found = search(corpus.project, "Llyr eto", SearchFilters(), language="cy", show_held_back=False)
    assert (found.observations.total, found.observations.items) == (0, [])
    found = search(corpus.project, "Llyr eto", SearchFilters(), language="cy", show_held_back=True)
    assert [(h.observation.id, h.held_back) for h in found.observations.items] == [(said.id, HELD_NO_CONSENT)]


def test_the_index_follows_every_change_delete_and_recommendation(corpus, app):
    observation = corpus.observations["mae_r"]
    observations.update_observation(
        observation,
        observations.ObservationDetails(
            code=corpus.people["a"].code, kind="quote", text="Roedd y bws yn hwyr", language="cy"
        ),
    )
    assert hits(corpus, "bws") == (set(), {"mae_r"})
    assert hits(corpus, "system") == (set(), set())
    observations.delete_observation(observation)
    assert hits(corpus, "bws") == (set(), set())

    finding = corpus.findings["f_positive"]
    update_finding(
        finding, FindingDetails("Mae pobl yn hoffi’r calendr", "People like the calendar", "positive")
    )
    assert hits(corpus, "calendr") == ({"f_positive"}, set())
    assert hits(corpus, "dashboard") == (set(), set())
    advice = recommendations.add_recommendation(
        finding, recommendations.RecommendationDetails("Ychwanegu gwyliau", "Add holidays", "Tîm", "low")
    )
    assert hits(corpus, "gwyliau") == ({"f_positive"}, set())
    recommendations.delete_recommendation(advice)
    assert hits(corpus, "gwyliau") == (set(), set())
    delete_finding(finding)
    assert hits(corpus, "calendr") == (set(), set())
