"""Consent form versions: drafts in Welsh and English, previews, publishing, immutability and re-consent (CON-2, CON-6)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.consent import services
from app.consent.models import ConsentForm, Purpose, Section
from app.extensions import db
from tests.factories import ConsentFormFactory, ParticipantFactory, consent_texts

EN = {"Accept-Language": "en"}


def edit_data(**changes) -> dict:
    texts = consent_texts()
    data = {"title_cy": texts["title_cy"], "title_en": texts["title_en"]}
    for key, value in texts["sections"].items():
        data.update({f"section_{key}_cy": value["cy"], f"section_{key}_en": value["en"]})
    for key, value in texts["purposes"].items():
        data.update({f"purpose_{key}_cy": value["cy"], f"purpose_{key}_en": value["en"]})
    data.update(changes)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _new_draft(client) -> int:
    response = client.post("/consent/forms/new")
    assert response.status_code == 302
    return int(re.search(r"/consent/forms/(\d+)/edit", response.headers["Location"]).group(1))


def test_first_draft_is_version_1_with_empty_texts(app, client, as_role):
    as_role("admin")
    form_id = _new_draft(client)
    with app.app_context():
        draft = db.session.get(ConsentForm, form_id)
        assert (draft.version, draft.status, draft.title_en, draft.sections) == (1, "draft", "", {})


def test_new_draft_is_prefilled_from_the_current_version_and_numbers_increase(app, client, as_role):
    as_role("admin")
    with app.app_context():
        ConsentFormFactory(mark=" v1")
        db.session.commit()
    form_id = _new_draft(client)
    html = client.get(f"/consent/forms/{form_id}/edit", headers=EN).get_data(as_text=True)
    assert "Edit draft version 2" in html and "Testun Cymraeg ŵ ŷ â (who) v1" in html
    with app.app_context():
        assert db.session.get(ConsentForm, form_id).version == 2
        assert db.session.get(ConsentForm, form_id).section("rights", "en") == "English text (rights) v1"


def test_only_one_draft_at_a_time(app, client, as_role):
    as_role("admin")
    first = _new_draft(client)
    response = client.post("/consent/forms/new")
    assert response.headers["Location"] == f"/consent/forms/{first}/edit"
    with app.app_context():
        assert _count(ConsentForm) == 1


def test_edit_page_puts_welsh_on_the_left_with_lang_attributes(app, client, as_role):
    as_role("admin")
    form_id = _new_draft(client)
    html = client.get(f"/consent/forms/{form_id}/edit", headers=EN).get_data(as_text=True)
    for name in ["title"] + [f"section_{s.value}" for s in Section] + [f"purpose_{p.value}" for p in Purpose]:
        welsh = re.search(rf'<(input|textarea)[^>]*name="{name}_cy"[^>]*>', html)
        english = re.search(rf'<(input|textarea)[^>]*name="{name}_en"[^>]*>', html)
        assert welsh and english and welsh.start() < english.start(), name
        assert 'lang="cy"' in welsh.group(0) and 'lang="en"' in english.group(0)
    for heading in (
        "Who runs the research",
        "No effect on your organisation",
        "Anonymised quotes in reports",
    ):
        assert heading in html


def test_admin_saves_a_draft_and_welsh_letters_round_trip(app, client, as_role):
    as_role("admin")
    form_id = _new_draft(client)
    data = edit_data(section_who_cy="Llŷr a Siôn ŵ Ŵ ŷ Ŷ ë")
    response = client.post(f"/consent/forms/{form_id}/edit", data=data)
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.get(ConsentForm, form_id)
        assert draft.section("who", "cy") == "Llŷr a Siôn ŵ Ŵ ŷ Ŷ ë"
        assert draft.purpose("quotes", "en") == "Do you agree (quotes)?" and not draft.is_published


@pytest.mark.parametrize(
    "field, limit", [("title_cy", 200), ("section_rights_en", 4000), ("purpose_audio_cy", 500)]
)
def test_over_long_text_is_refused_with_a_clear_message_and_nothing_changes(
    app, client, as_role, field, limit
):
    as_role("admin")
    form_id = _new_draft(client)
    response = client.post(
        f"/consent/forms/{form_id}/edit", data=edit_data(**{field: "x" * (limit + 1)}), headers=EN
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert f"enter {limit} characters or fewer" in html and " in " in html
    with app.app_context():
        assert db.session.get(ConsentForm, form_id).title_cy == ""


def test_publishing_an_incomplete_draft_is_refused_and_nothing_changes(app, client, as_role):
    as_role("admin")
    form_id = _new_draft(client)
    client.post(f"/consent/forms/{form_id}/edit", data=edit_data(section_who_en="", purpose_quotes_cy=""))
    response = client.post(f"/consent/forms/{form_id}/publish", headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert (
        "Who runs the research in English" in html
        and "“Anonymised quotes in reports” question in Welsh" in html
    )
    assert f'href="/consent/forms/{form_id}/edit#section_who_en"' in html
    assert "Title in Welsh" not in html
    with app.app_context():
        draft = db.session.get(ConsentForm, form_id)
        assert draft.status == "draft" and draft.published_at is None
        assert services.current_form() is None


def test_confirmation_page_publishes_only_on_post_and_reports_who_must_consent_again(app, client, as_role):
    admin = as_role("admin")
    with app.app_context():
        ConsentFormFactory(published_by=admin)
        ParticipantFactory.create_batch(2, consented=True, consent__taken_by=admin)
        db.session.commit()
    form_id = _new_draft(client)
    page = client.get(f"/consent/forms/{form_id}/publish", headers=EN)
    assert "Publish this version" in page.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(ConsentForm, form_id).is_published
    response = client.post(f"/consent/forms/{form_id}/publish", headers=EN, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Version 2 has been published." in html
    assert "2 participants now need to consent again before their next session." in html
    with app.app_context():
        assert services.current_form().version == 2


def test_a_published_version_cannot_be_edited_through_the_page(app, client, as_role):
    as_role("admin")
    with app.app_context():
        form_id = ConsentFormFactory().id
        db.session.commit()
    response = client.get(f"/consent/forms/{form_id}/edit", headers=EN, follow_redirects=True)
    assert "Version 1 has been published, so it cannot be changed." in response.get_data(as_text=True)
    response = client.post(f"/consent/forms/{form_id}/edit", data=edit_data(title_en="Changed"))
    assert response.headers["Location"] == f"/consent/forms/{form_id}"
    assert client.post(f"/consent/forms/{form_id}/publish").status_code == 302
    with app.app_context():
        assert db.session.get(ConsentForm, form_id).title_en == "Consent form"


def test_the_service_refuses_to_change_or_republish_a_published_version(app_ctx):
    version = ConsentFormFactory()
    with pytest.raises(services.FormPublished):
        services.update_draft(version, **consent_texts(" changed"))
    with pytest.raises(services.FormPublished):
        services.publish_form(version, actor=None)
    assert version.title_en == "Consent form"


def test_someone_who_consented_to_v1_must_consent_again_after_v2(app, client, as_role):
    admin = as_role("admin")
    with app.app_context():
        v1 = ConsentFormFactory(published_by=admin)
        consented = ParticipantFactory(
            consented=True,
            consent__form=v1,
            consent__method="phone",
            consent__language="en",
            consent__taken_by=admin,
        )
        declined = ParticipantFactory(
            consented=True, consent__form=v1, consent__declined=True, consent__taken_by=admin
        )
        untouched = ParticipantFactory()
        db.session.commit()
        assert services.consent_state(consented).status == "given"
        ConsentFormFactory(published_by=admin, mark=" v2")
        db.session.commit()
        assert services.consent_state(consented).status == "reconsent"
        assert services.consent_state(declined).status == "declined"
        assert services.consent_state(untouched).status == "none"
    html = client.get("/consent/forms", headers=EN).get_data(as_text=True)
    assert "1 participant needs to consent again" in html
    rows = re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)</td>.*?'
        r'govuk-table__cell--numeric">([^<]*)</td>',
        html,
        re.S,
    )
    assert rows == [("2", "0"), ("1", "1")]


def test_preview_shows_either_language_with_the_other_one_click_away(app, client, as_role):
    as_role("admin", preferred_language="en")
    with app.app_context():
        form_id = ConsentFormFactory().id
        db.session.commit()
    welsh = client.get(f"/consent/forms/{form_id}?language=cy").get_data(as_text=True)
    assert '<div class="govuk-inset-text" lang="cy">' in welsh and "Testun Cymraeg ŵ ŷ â (who)" in welsh
    assert "English text (who)" not in welsh and f'href="/consent/forms/{form_id}?language=en"' in welsh
    english = client.get(f"/consent/forms/{form_id}?language=en").get_data(as_text=True)
    assert "English text (who)" in english and "Testun Cymraeg" not in english
    assert "Do you agree (future_contact)?" in english and " checked" not in english


@pytest.mark.parametrize("role", ["viewer", "researcher"])
def test_only_admins_reach_the_consent_form_pages(app, client, as_role, role):
    as_role(role)
    with app.app_context():
        form_id = ConsentFormFactory(draft=True).id
        db.session.commit()
    for path in (
        "/consent/forms",
        f"/consent/forms/{form_id}",
        f"/consent/forms/{form_id}/edit",
        f"/consent/forms/{form_id}/publish",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/consent/forms/new").status_code == 403
    assert client.post(f"/consent/forms/{form_id}/publish").status_code == 403
    assert client.post(f"/consent/forms/{form_id}/edit", data=edit_data(title_en="x")).status_code == 403
    with app.app_context():
        assert _count(ConsentForm) == 1 and not db.session.get(ConsentForm, form_id).is_published


def test_consent_form_pages_render_in_welsh(app, client, as_role):
    as_role("admin", preferred_language="cy")
    with app.app_context():
        form_id = ConsentFormFactory().id
        db.session.commit()
    for path in ("/consent/forms", f"/consent/forms/{form_id}"):
        html = client.get(path).get_data(as_text=True)
        assert '<html lang="cy"' in html, path
    listing = client.get("/consent/forms").get_data(as_text=True)
    assert re.search(
        r"\d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) "
        r"\d{4}, \d\d:\d\d",
        listing,
    )
    client.get("/language/en")
    assert '<html lang="en"' in client.get("/consent/forms").get_data(as_text=True)
    client.get("/language/cy")
    assert '<html lang="cy"' in client.get(f"/consent/forms/{form_id}/edit", follow_redirects=True).get_data(
        as_text=True
    )


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet="âêîôûŵŷÂŴŶäëáàLlŷr<>'\";%_\\\x00\r\n\t=+-@{}", max_size=30),
    st.just("x" * 5000),
    st.sampled_from(["", " ", "'; DROP TABLE consent_form; --", "<script>alert(1)</script>", "%(num)d"]),
)
DRAFT_FIELDS = list(edit_data())


def test_draft_edit_form_survives_any_input(app, client, as_role):
    as_role("admin")
    form_id = _new_draft(client)

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {}, optional={name: st.one_of(text, st.lists(text, max_size=3)) for name in DRAFT_FIELDS}
        )
    )
    def run(data):
        response = client.post(f"/consent/forms/{form_id}/edit", data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        assert client.get(f"/consent/forms/{form_id}").status_code == 200
        assert client.post(f"/consent/forms/{form_id}/publish").status_code < 500
        with app.app_context():
            assert _count(ConsentForm) == 1

    run()
