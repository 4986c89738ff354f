"""Pages render and work under the strict Content-Security-Policy, with no violation."""

import pytest
from django.core.management import call_command

from tests.factories import StaffFactory

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
