"""The commissioning tables as rows for the CSV and XLSX downloads: the same figures as the
pages, money to the penny (as exact decimal text), shares as fractions."""

from joinedup.commissioning import monitoring, queries, risk


def contracts(found) -> tuple[list[str], list[list]]:
    header = [
        "reference",
        "title",
        "commissioner",
        "mechanism",
        "status",
        "starts_on",
        "ends_on",
        "value",
        "upfront",
        "paid",
        "paid_share",
        "pooled_budget",
        "warnings",
    ]
    rows = []
    for row in queries.contracts_table(found):
        c = row["contract"]
        rows.append(
            [
                c.reference,
                c.title,
                str(c.commissioner),
                c.get_mechanism_display(),
                c.get_status_display(),
                c.starts_on.isoformat(),
                c.ends_on.isoformat(),
                str(c.value),
                str(c.upfront),
                str(row["paid"]),
                str(row["paid_share"]),
                str(c.budget) if c.budget_id else "",
                " | ".join(risk.warnings(c)),
            ]
        )
    return header, rows


def supply_chain(contract) -> tuple[list[str], list[list]]:
    header = [
        "provider",
        "tier",
        "size",
        "value",
        "at_risk",
        "share_at_risk",
        "cap",
        "over_cap",
        "yearly_at_risk",
        "share_of_whole_income",
        "work",
    ]
    rows = [
        [
            str(r.party.organisation),
            r.party.get_tier_display(),
            r.size,
            str(r.party.value),
            str(r.party.at_risk),
            str(r.share),
            str(r.cap),
            "yes" if r.over_cap else "no",
            str(r.yearly_at_risk),
            "" if r.income_share is None else str(r.income_share),
            r.party.work,
        ]
        for r in risk.supply_chain(contract)
    ]
    return header, rows


def outcomes(contract) -> tuple[list[str], list[list]]:
    header = ["outcome", "stage", "price", "expected", "achieved", "share_of_expected", "paid"]
    rows = [
        [
            o["name"],
            o["stage"],
            str(o["price"]),
            o["expected"],
            o["achieved"],
            o["share"],
            "not shown" if o["amount"] is None else str(o["amount"]),
        ]
        for o in monitoring.outcomes(contract)
    ]
    return header, rows


def pool(budget) -> tuple[list[str], list[list]]:
    header = ["year", "commissioner", "contribution", "share", "pool_total", "committed", "spent"]
    rows = [
        [y.label, str(who), str(amount), str(part), str(y.total), str(y.committed), str(y.spent)]
        for y in queries.pool_years(budget)
        for who, amount, part in y.contributions
    ]
    return header, rows


CONTRACT_TABLES = {"supply-chain": supply_chain, "outcomes": outcomes}
