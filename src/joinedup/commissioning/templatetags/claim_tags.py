"""Inclusion tags that fill the claims and fair-play parts of a contract page from the contract
alone, so the contract view need not gather them: `{% load claim_tags %}{% contract_claims
contract %}` and `{% contract_fair_play contract %}`."""

from datetime import date

from django import template

from joinedup.commissioning import claim_queries, fairplay, terms

register = template.Library()


@register.inclusion_tag("commissioning/claims/_contract_claims.html", takes_context=True)
def contract_claims(context, contract):
    membership = getattr(context.get("request"), "membership", None)
    return {"contract": contract, **claim_queries.for_contract(membership, contract)}


@register.inclusion_tag("commissioning/claims/_contract_fair_play.html", takes_context=True)
def contract_fair_play(context, contract):
    need = fairplay.need_side_by_side(contract)
    return {
        "contract": contract,
        "need": need,
        "need_sentence": fairplay.need_sentence(need),
        "bands": [label for _, _, label in fairplay.BANDS],
        "bunching": fairplay.bunching(contract),
        "agencies": fairplay.agencies_behind(contract),
        "spend": fairplay.spend([contract]),
        "warnings": fairplay.pbr_warnings(contract),
        "small_numbers": context.get("small_numbers"),
    }


@register.filter
def on_day(iso: str) -> str:
    """An evidence record's ISO date as pages write dates: 9 Nov 2025."""
    try:
        return f"{date.fromisoformat(iso):%-d %b %Y}"
    except (TypeError, ValueError):
        return ""


@register.filter
def pounds(amount) -> str:
    return terms.pounds(amount)
