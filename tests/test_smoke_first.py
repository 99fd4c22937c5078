from app.extensions import db
from tests.conftest import sign_in
from tests.factories import StaffUserFactory


def test_sign_in_page_renders(client):
    response = client.get("/sign-in", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Sign in to Profi" in response.get_data(as_text=True)


def test_researcher_sees_projects(app, client):
    with app.app_context():
        user = StaffUserFactory(role="researcher")
        db.session.commit()
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 200, response.get_data(as_text=True)
