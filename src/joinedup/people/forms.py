from django import forms


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
