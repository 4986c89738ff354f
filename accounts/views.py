"""Account pages: sign up, log in (rate-limited and locked out after failures), the account
page, downloading one's data and deleting an account.

Log out and the password pages are Django's own views with our templates (urls.py).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import personal_data, services
from accounts.forms import DeleteAccountForm, SignUpForm
from accounts.limits import per_address
from accounts.models import Role, User

# A signed cookie in the browser of a visitor whose birth date said they are too young: for
# a day, a second try with another date is refused too (the FTC's "no back button": the
# child cannot go back and change the date). Not the session, which lasts two weeks: on a
# shared family computer a parent can sign up the next day. Nothing else about them is kept.
TOO_YOUNG_COOKIE = "signup_not_possible"
TOO_YOUNG_SALT = "accounts.signup.too_young"
TOO_YOUNG_FOR = datetime.timedelta(days=1)

# Set at sign-up: the page a new parent lands on greets them once and offers to add a child.
WELCOME_SESSION_KEY = "welcome"


def _refused_recently(request):
    value = request.get_signed_cookie(
        TOO_YOUNG_COOKIE, default=None, salt=TOO_YOUNG_SALT, max_age=TOO_YOUNG_FOR
    )
    return value is not None


def _not_possible(request, remember=False):
    response = render(request, "accounts/signup_not_possible.html")
    if remember:
        response.set_signed_cookie(
            TOO_YOUNG_COOKIE,
            "1",
            salt=TOO_YOUNG_SALT,
            max_age=int(TOO_YOUNG_FOR.total_seconds()),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


@per_address("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    if _refused_recently(request):
        return _not_possible(request)
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        if form.is_too_young():
            return _not_possible(request, remember=True)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="accounts.sessions.ModelBackend")
            next_url = _next_url(request)
            if user.role() == Role.PARENT:
                # The family page greets them and offers to add a child; elsewhere, a message.
                request.session[WELCOME_SESSION_KEY] = True
                if next_url:
                    messages.success(
                        request,
                        f"Welcome to Reelwise, {user.username}. Add your children under “Your family” "
                        "to see a verdict for each of them on every film.",
                    )
                return redirect(next_url or reverse("families:family"))
            messages.success(request, f"Welcome to Reelwise, {user.username}.")
            return redirect(next_url or reverse("accounts:account"))
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request)})


@method_decorator(per_address("login"), name="post")
class LoginView(auth_views.LoginView):
    """Django's log-in, counting attempts per address."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@method_decorator(per_address("password_reset"), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, counting requests per address so it cannot flood a mailbox.
    The link in the email is on settings.SITE_URL, whatever Host the request named."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
            request=self.request,
        )
        return redirect(self.get_success_url())


@per_address("login")
def admin_login(request):
    """The admin's own log-in page, counting attempts per address like ours."""
    return admin.site.login(request)


def locked_out(request, response, credentials):
    """What django-axes answers once a username has failed too often from one address
    (settings.AXES_*): our page, status 429, with when to try again."""
    cooloff = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "accounts/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": int(cooloff.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response


def username_for_lockout(request, credentials):
    """The username django-axes counts failures for (settings.AXES_USERNAME_CALLABLE).

    Django's log-in forms pass any length of username to authenticate(), and axes would
    store it in a 255-character column: PostgreSQL refuses a longer one with an error.
    No account's username is longer than 150 characters, so nothing real is cut.
    """
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(username).replace("\x00", "")[: User.username.field.max_length]


@login_required
def account(request):
    reviews = request.user.reviews.select_related("film").order_by("-created_at")
    # `children` is the families app's related name; counted here without importing it.
    children_count = request.user.children.count() if hasattr(request.user, "children") else 0
    return render(request, "accounts/account.html", {"reviews": reviews, "children_count": children_count})


@require_GET
@never_cache
@login_required
def download_data(request):
    """Everything Reelwise keeps about the signed-in person, as a JSON file to save."""
    response = JsonResponse(personal_data.export(request.user), json_dumps_params={"indent": 2})
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="reelwise-{request.user.pk}-{stamp}.json"'
    return response


@login_required
def delete_account(request):
    """Ask for the password, then delete the account and everything it wrote."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""
