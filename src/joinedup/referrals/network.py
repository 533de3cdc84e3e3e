"""The front door's ties for the directory's ecosystem map: referrals accepted at the front door
(the referring agency and the panel's host) and people referred on elsewhere by the panel.
Counts only, never who."""

from collections import Counter

from joinedup.directory.network import Period, register_edge_source
from joinedup.referrals.models import Decision, Referral


def _within(period: Period, field: str) -> dict:
    bounds = {}
    if period.start:
        bounds[f"{field}__date__gte"] = period.start
    if period.end:
        bounds[f"{field}__date__lt"] = period.end
    return bounds


def referral_ties(period: Period):
    ties: Counter = Counter()
    accepted = Referral.objects.filter(
        status=Referral.Status.ACCEPTED,
        referring_organisation__isnull=False,
        **_within(period, "received_at"),
    ).values_list("referring_organisation_id", "panel__host_id")
    for referrer, host in accepted:
        if referrer != host:
            ties[tuple(sorted((referrer, host)))] += 1
    onward = Decision.objects.filter(
        outcome=Decision.Outcome.REFER_ELSEWHERE,
        refer_to__isnull=False,
        **_within(period, "recorded_at"),
    ).values_list("referral__panel__host_id", "refer_to_id")
    for host, elsewhere in onward:
        if host != elsewhere:
            ties[tuple(sorted((host, elsewhere)))] += 1
    return ((a, b, n) for (a, b), n in ties.items())


register_edge_source("referrals", "Referrals sent and accepted", referral_ties)
