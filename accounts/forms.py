from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone

from accounts import confusables
from accounts.models import TEEN_AGE, User, age_on

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
OLDEST_AGE = 110


class SignUpForm(UserCreationForm):
    """A new parent or teen account. The birth fields never hint at an age limit."""

    email = forms.EmailField(
        help_text="Only for resetting your password. Nobody else sees it.",
    )
    birth_month = forms.TypedChoiceField(
        label="Month you were born", coerce=int, choices=[("", "Month")] + list(enumerate(MONTHS, start=1))
    )
    birth_year = forms.TypedChoiceField(label="Year you were born", coerce=int, choices=[])

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email", "birth_month", "birth_year"]
        help_texts = {
            "username": "Shown next to your reviews. Choose one that does not give away your real name.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["birth_year"].choices = [("", "Year")] + [
            (year, str(year)) for year in range(this_year, this_year - OLDEST_AGE, -1)
        ]
        self.fields[
            "birth_year"
        ].help_text = "We show a teen's age in years next to their reviews, never the date."

    def clean_username(self):
        username = self.cleaned_data["username"]
        if "@" in username:
            raise forms.ValidationError(
                "A username cannot be an email address: choose a name that does not identify you."
            )
        if confusables.is_reserved(username):
            raise forms.ValidationError(
                "That name would pass for the Reelwise team's; please choose another."
            )
        # One indexed query: an account whose username reads as this one.
        lookalike = (
            User.objects.filter(username_skeleton=confusables.skeleton(username))
            .values_list("username", flat=True)
            .first()
        )
        if lookalike is not None and lookalike.casefold() == username.casefold():
            raise forms.ValidationError("That username is taken; please choose another.")
        if lookalike is not None:
            raise forms.ValidationError(
                "That username looks too much like another member's (letters from other "
                "alphabets, accents, 0 for o or 1 for l read the same); please choose another."
            )
        return username

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("birth_year"), cleaned.get("birth_month")
        if year and month and self.age() < 0:
            self.add_error("birth_month", "That month has not happened yet.")
        return cleaned

    def age(self):
        """The age the birth fields give, or None while they are missing or invalid."""
        year, month = self.cleaned_data.get("birth_year"), self.cleaned_data.get("birth_month")
        if not (year and month):
            return None
        return age_on(year, month, timezone.localdate())

    def is_too_young(self):
        age = self.age()
        return age is not None and 0 <= age < TEEN_AGE


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
