"""The account page where a signed-in person creates and revokes their API token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token


@never_cache  # Cache-Control: no-store: the page shows a new key once
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """GET shows whether the person has a token. POST `action=create` makes a new one (replacing
    any old one) and shows its key this once; POST `action=revoke` deletes it."""
    action = request.POST.get("action")
    if action == "create":
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        return render(request, "accounts/api_token.html", {"token": token, "new_key": token.key})
    if action == "revoke":
        deleted, _ = Token.objects.filter(user=request.user).delete()
        if deleted:
            messages.success(request, "Your token is revoked: apps using it can no longer sign in as you.")
        return redirect("api-token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/api_token.html", {"token": token})
