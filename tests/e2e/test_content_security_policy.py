"""Pages render and work under the strict Content-Security-Policy, with no violation."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/films/never-let-me-go-2010/"]


@pytest.fixture
def violations(page):
    """Everything the browser reports as blocked by the policy, while the test runs."""
    seen = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def test_public_pages_have_no_csp_violation(page, violations):
    call_command("load_demo", verbosity=0)

    for path in PUBLIC_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]

    assert violations == []


def test_the_admin_works_under_the_policy(page, violations):
    call_command("load_demo", verbosity=0)
    StaffFactory(username="csp_editor", group="Editors")

    page.goto("/admin/login/")
    page.fill("#id_username", "csp_editor")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.goto("/admin/advisories/advisory/")
    page.get_by_role("link", name="Never Let Me Go (2010)").click()
    page.get_by_text("Add another Discussion prompt").click()

    assert page.locator("#prompts-group textarea:visible").count() == 5  # 3 saved, 1 blank, 1 added
    assert violations == []


def sign_in(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def test_browsing_and_filtering_by_clicking_works_under_the_policy(page, violations):
    call_command("load_demo", verbosity=0)

    page.goto("/films/")
    page.select_option("#f-age_max", "10")
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url("**/films/?*age_max=10*")

    assert page.locator(".chip", has_text="10").count() == 1
    assert violations == []


def test_sign_up_and_log_in_pages_work_under_the_policy(page, violations, live_server):
    UserFactory(username="csp_parent")

    page.goto("/accounts/signup/")
    assert page.get_by_role("button", name="Create account").is_visible()
    page.goto("/accounts/login/")
    page.fill("#id_username", "csp_parent")
    page.fill("#id_password", "correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto("/accounts/")

    assert page.get_by_role("heading", name="Your account").is_visible()
    assert violations == []


def test_the_review_form_works_under_the_policy(page, violations, live_server):
    call_command("load_demo", verbosity=0)
    sign_in(page, UserFactory(username="csp_reviewer"), live_server.url)

    page.goto("/films/never-let-me-go-2010/review/")
    page.get_by_label("4 out of 5").check()
    page.select_option("#id_age_recommendation", "14")
    page.fill("#id_title", "Quiet and sad")
    page.fill("#id_body", "A slow, gentle film about friendship; it made us talk for a long time.")
    page.get_by_role("button", name="Post review").click()
    page.wait_for_url("**/films/never-let-me-go-2010/*")

    assert violations == []


def test_the_api_docs_load_and_show_operations_under_the_policy(page, violations):
    response = page.goto("/api/docs/")

    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 2
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(250, 250, 250)"
    assert violations == []
