from django import forms

from advisories.models import MAX_SCORE, Category
from families.models import Child, limit_field

SCORES = [(n, str(n)) for n in range(MAX_SCORE + 1)]


class ChildForm(forms.ModelForm):
    """A child's nickname and birth year; `owner` is the signed-in parent."""

    class Meta:
        model = Child
        fields = ["nickname", "birth_year"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner

    def clean_nickname(self):
        nickname = " ".join(self.cleaned_data["nickname"].split())
        if not nickname:
            raise forms.ValidationError("Please give a nickname.")
        others = self.instance.owner.children.exclude(pk=self.instance.pk)
        if others.filter(nickname__iexact=nickname).exists():
            raise forms.ValidationError("You already have a child with that nickname.")
        return nickname


class ChildLimitsForm(ChildForm):
    """A child's details and limits, as the parent changes them."""

    class Meta:
        model = Child
        fields = [
            "nickname",
            "birth_year",
            *(limit_field(c) for c in Category.concerns()),
            "positive_matters",
            *(limit_field(c) for c in Category.positive()),
        ]
        widgets = {limit_field(c): forms.Select(choices=SCORES) for c in Category}
        error_messages = {limit_field(c): {"max_value": "A limit is a score from 0 to 5."} for c in Category}
