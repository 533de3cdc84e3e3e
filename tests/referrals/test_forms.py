"""The panel decision and self-referral forms say what is wrong, name every field, show what a
decision needs as it needs it, and go back to the agenda at the next person."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import joinedup
from joinedup.referrals.models import Referral
from tests.conftest import sign_in
from tests.referrals.conftest import IDENTITY
from tests.referrals.test_panel import score

pytestmark = pytest.mark.django_db
GENERIC = ("This field is required.", "Select a valid choice.")


def summary(response) -> list[tuple[str, str]]:
    """The error summary's items: (link target, text). Each link must land on an input."""
    html = response.content.decode()
    box = html.split('govuk-error-summary__list"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', box)
    for target, text in items:
        assert re.search(rf'<(input|select|textarea|div)[^>]*\sid="{target}"', html), (target, text)
    return items


def decide_url(referral):
    return reverse("referrals:decide", args=[referral.pk])


def test_the_decision_form_reveals_what_each_outcome_needs(client, refer, helen):
    referral = refer()
    html = sign_in(client, helen).get(decide_url(referral)).content.decode()
    assert 'data-module="govuk-radios"' in html
    conditionals = re.findall(
        r'<div class="govuk-radios__conditional[^"]*" id="([^"]+)">(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    inside = {cid: body for cid, body in conditionals}
    assert any('name="refer_to"' in body for body in inside.values())
    assert any('name="decline_reason"' in body for body in inside.values())
    assert any('name="priority"' in body for body in inside.values())
    # Each reveal is tied to its radio, so the script can show it (and, without the script,
    # every field shows: the hiding class only applies once govuk-frontend is running).
    for cid in inside:
        assert f'aria-controls="{cid}"' in html
    assert 'name="rationale"' not in "".join(inside.values())


def test_without_javascript_every_decision_field_shows():
    """govuk-frontend's stylesheet hides a closed reveal only once its script has marked the
    page as supported; the base page marks it only when JavaScript runs."""
    css = (Path(joinedup.__file__).parent / "static" / "dist" / "app.css").read_text()
    rules = re.findall(r"([^{}]*)\{display:none\}", css)
    hiding = [r for r in rules if "govuk-radios__conditional--hidden" in r]
    assert hiding and all(".govuk-frontend-supported" in r for r in hiding)


def test_the_decision_form_marks_the_optional_and_says_when_the_rest_are_needed(
    client, refer, helen
):
    referral = refer()
    html = sign_in(client, helen).get(decide_url(referral)).content.decode()
    assert "Dissent (optional)" in html
    assert "Needed to accept or defer" in html  # the review date
    assert "Rationale (optional)" not in html and "Decision (optional)" not in html


def test_an_empty_decision_names_each_field_and_links_to_it(client, refer, helen):
    referral = refer()
    response = sign_in(client, helen).post(decide_url(referral), {"rationale": ""})
    items = summary(response)
    assert ("id_outcome", "Choose the decision") in items
    html = response.content.decode()
    assert re.search(
        r'<input[^>]*name="outcome"[^>]*id="id_outcome"[^>]*value="accept"', html, re.S
    )
    assert ("id_rationale", "Enter the rationale") in items
    assert not [text for _, text in items if text.startswith(GENERIC)]


def test_accepting_without_its_details_names_them(client, refer, helen):
    referral = refer()
    score(referral.person, 40)
    response = sign_in(client, helen).post(
        decide_url(referral), {"outcome": "accept", "rationale": "Several agencies", "last_seen": 0}
    )
    items = dict((text, target) for target, text in summary(response))
    assert items["Choose a priority for an accepted referral"] == "id_priority"
    assert items["Enter a review date"].startswith("id_review_on")


def test_after_a_decision_the_panel_is_back_at_the_agenda_at_the_next_person(
    client, refer, helen, meeting
):
    first = refer()
    second = refer(identity={**IDENTITY, "first_name": "Kim", "last_name": "Lee"})
    score(first.person, 40)
    score(second.person, 35)
    review = timezone.localdate() + timedelta(days=90)
    response = sign_in(client, helen).post(
        decide_url(first),
        {
            "outcome": "accept",
            "priority": "1",
            "rationale": "Several agencies, nobody leading",
            "review_on_0": review.day,
            "review_on_1": review.month,
            "review_on_2": review.year,
            "last_seen": 0,
        },
    )
    assert response.status_code == 302, summary(response)
    item = second.agenda_items.get(meeting=meeting)
    assert response["Location"] == reverse("referrals:meeting", args=[meeting.pk]) + (
        f"#item-{item.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert f'id="item-{item.pk}"' in page
    assert "Decision recorded for" in page


# Self-referral ---------------------------------------------------------------------------


def test_a_person_may_refer_themselves_without_a_last_name(client, panel, meeting):
    response = client.post(
        reverse("referrals:self-referral"),
        {
            "first_name": "Dee",
            "contact_by": "The Tuesday drop-in",
            "what_is_happening": "Sleeping in the car park.",
            "agree": "on",
        },
    )
    assert response.status_code == 302, summary(response)
    referral = Referral.objects.get(self_referral=True)
    assert (referral.person.first_name, referral.person.last_name) == ("Dee", "")
    assert referral.person.full_name == "Dee"


def test_an_empty_self_referral_names_each_field_it_needs_and_why(client, panel, meeting):
    response = client.post(reverse("referrals:self-referral"), {"first_name": ""})
    items = dict(summary(response))
    assert set(items) == {"id_first_name", "id_contact_by", "id_what_is_happening", "id_agree"}
    assert items["id_first_name"] == "Enter your first name, so we know who to ask for"
    assert "so we can get in touch" in items["id_contact_by"]
    assert not [t for t in items.values() if t.startswith(GENERIC)]
    html = response.content.decode()
    assert "Your last name (optional)" in html


def test_the_emergency_number_comes_first_as_a_warning(client, panel):
    html = client.get(reverse("referrals:self-referral")).content.decode()
    warning = html.index('class="govuk-warning-text"')
    assert "call 999" in html[warning : html.index("</strong>", warning)]
    assert warning < html.index("<form")


def test_the_sign_in_page_links_to_the_self_referral_form(client):
    html = client.get(reverse("accounts:sign-in")).content.decode()
    link = f'href="{reverse("referrals:self-referral")}"'
    assert link in html
    assert "Refer yourself without an account" in html
