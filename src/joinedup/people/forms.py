from django import forms


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)


class TimelineFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Show", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = choices
