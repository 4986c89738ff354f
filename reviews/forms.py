import re

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Category
from reviews.models import TEEN_AGE, Flag, Report, Review, User, age_on, score_field

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
BODY_MIN_LENGTH = 20
# Control characters other than tab and newline (C0, DEL and C1): nothing a person types on
# purpose.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(value):
    """Keep text as typed (it is always shown escaped) but drop control characters,
    normalise line endings and allow at most one blank line in a row."""
    value = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"\n{3,}", "\n\n", value).strip()


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
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken; please choose another.")
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


class ReviewForm(forms.ModelForm):
    """A review's own fields, validated and normalised; the author and film come from the view."""

    stars = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, f"{n} out of 5") for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text="How good is the film?",
    )
    age_recommendation = forms.TypedChoiceField(
        label="Recommended age",
        coerce=int,
        choices=[("", "Choose an age")] + [(age, f"{age}+") for age in range(MIN_AGE, MAX_AGE + 1)],
        help_text="The youngest age you think the film suits.",
    )
    flags = forms.MultipleChoiceField(
        label="What other families should know",
        choices=Flag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Review
        fields = [
            "stars",
            "age_recommendation",
            "title",
            "body",
            "flags",
            *(score_field(c) for c in Category),
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            **{
                score_field(c): forms.Select(
                    choices=[("", "No score")] + [(n, str(n)) for n in range(MAX_SCORE + 1)]
                )
                for c in Category
            },
        }
        labels = {"body": "Your review", **{score_field(c): c.label for c in Category}}
        error_messages = {score_field(c): {"max_value": "A score is from 0 to 5."} for c in Category}
        help_texts = {
            "title": "At most 120 characters.",
            "body": f"Plain text, from {BODY_MIN_LENGTH} to 5,000 characters. Please leave out names, "
            "places, links and contact details.",
        }

    def review_fields(self):
        return [field for field in self.visible_fields() if not field.name.endswith("_score")]

    def score_fields(self):
        """The optional 0-5 score per category, shown together on the form."""
        return [field for field in self.visible_fields() if field.name.endswith("_score")]

    def clean_title(self):
        title = " ".join(plain_text(self.cleaned_data["title"]).split())
        if not title:
            raise forms.ValidationError("Please give your review a title.")
        return title

    def clean_body(self):
        body = plain_text(self.cleaned_data["body"])
        if len(body) < BODY_MIN_LENGTH:
            raise forms.ValidationError(
                f"Tell other families a little more: at least {BODY_MIN_LENGTH} characters."
            )
        return body


class ReportForm(forms.ModelForm):
    reason = forms.ChoiceField(
        label="What is wrong with it?", choices=Report.Reason.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Report
        fields = ["reason", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        labels = {"note": "Anything a moderator should know (optional)"}

    def clean_note(self):
        return plain_text(self.cleaned_data["note"])


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
