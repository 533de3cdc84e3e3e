"""Every model that holds data about a person is in the subject access export and in
anonymising, or is declared, with a reason, not to need it. A new model added to neither fails.

A model is about a person when it points (foreign key, one-to-one or many-to-many, directly or
through other models) at a person: `people.Person`, or a record that stands for one, such as an
agency's record in linkage (a model with the person's surname and date of birth). A model that
holds a name, a date of birth or an NHS number is about someone too, wherever it sits.
"""

from django.apps import apps
from django.db import models

from joinedup.people import retention, subject_access

IDENTITY_FIELDS = {"first_name", "last_name", "full_name", "date_of_birth", "nhs_number"}
FREE_TEXT = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def _label(model) -> str:
    return model._meta.label


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


def stands_for_a_person(model) -> bool:
    return _label(model) == "people.Person" or {"last_name", "date_of_birth"} <= _field_names(model)


def about_people(all_models) -> set[str]:
    """Labels of the models with a relation path to a person, and the people themselves."""
    found = {_label(m) for m in all_models if stands_for_a_person(m)}
    grew = True
    while grew:
        grew = False
        for model in all_models:
            if _label(model) in found:
                continue
            targets = {
                _label(f.related_model)
                for f in model._meta.get_fields()
                if f.concrete and (f.many_to_one or f.one_to_one or f.many_to_many)
            }
            if targets & found:
                found.add(_label(model))
                grew = True
    return found


def holding_identity(all_models) -> set[str]:
    return {_label(m) for m in all_models if _field_names(m) & IDENTITY_FIELDS}


def has_free_text(model) -> bool:
    return any(
        isinstance(f, FREE_TEXT) and not f.choices and not f.primary_key
        for f in model._meta.concrete_fields
    )


def missing_from_export(all_models, exported, no_personal_data) -> set[str]:
    personal = about_people(all_models) | holding_identity(all_models)
    return personal - exported - set(no_personal_data)


def missing_from_anonymising(all_models, anonymised, kept, no_personal_data) -> set[str]:
    by_label = {_label(m): m for m in all_models}
    personal = about_people(all_models) | holding_identity(all_models)
    with_text = {label for label in personal if has_free_text(by_label[label])}
    return with_text - anonymised - set(kept) - set(no_personal_data)


def test_it_finds_every_model_about_a_person_in_the_export_or_declared():
    missing = missing_from_export(
        apps.get_models(),
        subject_access.exported_models(),
        subject_access.models_without_personal_data(),
    )
    assert not missing, f"Add an exporter (or a reasoned declaration) for: {sorted(missing)}"


def test_it_finds_every_model_with_free_text_about_a_person_anonymised_or_declared():
    missing = missing_from_anonymising(
        apps.get_models(),
        retention.anonymised_models(),
        retention.models_kept(),
        subject_access.models_without_personal_data(),
    )
    assert not missing, f"Add an anonymiser (or a reasoned declaration) for: {sorted(missing)}"


def test_it_names_the_models_it_walks_to_through_other_models():
    walked = about_people(apps.get_models())
    # Through a referral, a support plan, an assessment, an agency's record.
    for label in ("referrals.Decision", "plans.PlanStep", "measures.Score", "linkage.ReviewPair"):
        assert label in walked
    assert "directory.Organisation" not in walked and "accounts.Membership" not in walked


def test_it_fails_for_a_model_about_a_person_that_nobody_registered():
    exported = subject_access.exported_models() - {"referrals.StuckCase"}
    anonymised = retention.anonymised_models() - {"plans.Transition"}
    no_data = subject_access.models_without_personal_data()
    assert missing_from_export(apps.get_models(), exported, no_data) == {"referrals.StuckCase"}
    assert missing_from_anonymising(
        apps.get_models(), anonymised, retention.models_kept(), no_data
    ) == {"plans.Transition"}


def test_every_declaration_names_a_real_model_and_gives_a_reason():
    labels = {_label(m) for m in apps.get_models()}
    declared = {
        **subject_access.models_without_personal_data(),
        **retention.models_kept(),
    }
    for label, why in declared.items():
        assert label in labels and len(why) > 20, label
    assert subject_access.exported_models() <= labels
    assert retention.anonymised_models() <= labels
