from django import forms

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Category
from reviews.levels import LEVELS
from reviews.models import (
    BODY_MIN_LENGTH,
    NOTE_MAX_LENGTH,
    Flag,
    Report,
    Review,
    note_field,
    plain_text,
    score_field,
)


def _score_choice(category):
    return forms.TypedChoiceField(
        label=category.label,
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "No score")] + [(n, str(n)) for n in range(MAX_SCORE + 1)],
        error_messages={"invalid_choice": "A score is from 0 to 5."},
    )


class ReviewForm(forms.ModelForm):
    """A review's own fields, validated and normalised; the author and film come from the view.
    The recommended age and the scores are the author's contribution for the film: shown from
    it, and written with the review by reviews.services.submit_review."""

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
        fields = ["stars", "age_recommendation", "title", "body", "flags"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        labels = {"body": "Your review"}
        help_texts = {
            "title": "At most 120 characters.",
            "body": f"Plain text, from {BODY_MIN_LENGTH} to 5,000 characters. Please leave out names, "
            "places, links and contact details.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[score_field(category)] = _score_choice(category)
        contribution = getattr(self.instance, "contribution", None) if self.instance.pk else None
        if contribution is not None:
            self.initial.setdefault("age_recommendation", contribution.age)
            for category in Category:
                self.initial.setdefault(score_field(category), contribution.score(category))

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


class ContributionForm(forms.Form):
    """ "Rate what's in it": the age and, per category, a score with its meaning (or "not
    sure") and an optional one-sentence note. Validates and normalises only."""

    age = forms.TypedChoiceField(
        label="The youngest age it suits",
        coerce=int,
        choices=[("", "Choose an age")] + [(age, f"{age}+") for age in range(MIN_AGE, MAX_AGE + 1)],
        help_text="Think of a typical child: how old should they be to watch it?",
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = []
        for category in Category:
            levels = LEVELS[category]
            score = forms.TypedChoiceField(
                label=category.label,
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", "Not sure")] + [(n, f"{n}: {levels[n]}") for n in range(MAX_SCORE + 1)],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "A score is from 0 to 5, or not sure."},
            )
            note = forms.CharField(
                label=f"{category.label}: a note (optional)",
                max_length=NOTE_MAX_LENGTH,
                required=False,
                help_text=f"One sentence, at most {NOTE_MAX_LENGTH} characters: what is in it, no spoilers.",
            )
            self.fields[score_field(category)] = score
            self.fields[note_field(category)] = note
        if instance is not None:
            self.initial.setdefault("age", instance.age)
            for category in Category:
                self.initial.setdefault(score_field(category), instance.score(category))
                self.initial.setdefault(note_field(category), instance.note(category))

    def category_fields(self):
        return [(category, self[score_field(category)], self[note_field(category)]) for category in Category]

    def clean(self):
        data = super().clean()
        for category in Category:
            name = note_field(category)
            if name in data:
                note = " ".join(plain_text(data[name]).split())
                data[name] = note
        return data

    def contribution_arguments(self):
        data = self.cleaned_data
        return {
            "age": data["age"],
            "scores": {c.value: data.get(score_field(c)) for c in Category},
            "notes": {c.value: data.get(note_field(c)) or "" for c in Category},
        }
