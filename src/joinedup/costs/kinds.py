"""The kinds of service use joinedup records, each with its plain-English name and the
department that pays for it. Unit costs attach to these kinds."""

from joinedup.costs.models import ServiceUseEvent

C = ServiceUseEvent.Category

#: kind: (what people call it, singular and plural, department)
KINDS: dict[str, tuple[str, str, str]] = {
    "arrest": ("Arrest", "Arrests", C.CRIMINAL_JUSTICE),
    "court_appearance": ("Court appearance", "Court appearances", C.CRIMINAL_JUSTICE),
    "custody_night": ("Night in custody", "Nights in custody", C.CRIMINAL_JUSTICE),
    "probation_appointment": (
        "Probation appointment",
        "Probation appointments",
        C.CRIMINAL_JUSTICE,
    ),
    "asb_case": ("Anti-social behaviour case", "Anti-social behaviour cases", C.CRIMINAL_JUSTICE),
    "liaison_assessment": (
        "Liaison and diversion assessment",
        "Liaison and diversion assessments",
        C.CRIMINAL_JUSTICE,
    ),
    "ed_attendance": (
        "Emergency department attendance",
        "Emergency department attendances",
        C.HEALTH,
    ),
    "ambulance_callout": ("Ambulance call-out", "Ambulance call-outs", C.HEALTH),
    "bed_day": ("Hospital bed day", "Hospital bed days", C.HEALTH),
    "mental_health_contact": (
        "Mental health team contact",
        "Mental health team contacts",
        C.HEALTH,
    ),
    "gp_appointment": ("GP appointment", "GP appointments", C.HEALTH),
    "treatment_episode": (
        "Drug or alcohol treatment episode",
        "Drug or alcohol treatment episodes",
        C.HEALTH,
    ),
    "hostel_night": ("Hostel night", "Hostel nights", C.HOUSING),
    "rough_sleeping_night": ("Night sleeping rough", "Nights sleeping rough", C.HOUSING),
    "housing_assessment": ("Housing assessment", "Housing assessments", C.HOUSING),
    "tenancy_sustainment_visit": (
        "Tenancy sustainment visit",
        "Tenancy sustainment visits",
        C.HOUSING,
    ),
    "housing_first_visit": ("Housing First visit", "Housing First visits", C.HOUSING),
    "housing_advice_session": ("Housing advice session", "Housing advice sessions", C.HOUSING),
    "tenancy_start": ("New tenancy", "New tenancies", C.HOUSING),
    "care_assessment": ("Care Act assessment", "Care Act assessments", C.SOCIAL_CARE),
    "child_protection_conference": (
        "Child protection conference",
        "Child protection conferences",
        C.SOCIAL_CARE,
    ),
    "idva_contact": (
        "Domestic violence adviser contact",
        "Domestic violence adviser contacts",
        C.COMMUNITY,
    ),
    "womens_centre_session": ("Women's centre session", "Women's centre sessions", C.COMMUNITY),
    "work_coach_appointment": ("Work coach appointment", "Work coach appointments", C.WELFARE),
    "debt_advice_session": ("Debt advice session", "Debt advice sessions", C.WELFARE),
    "food_parcel": ("Food parcel", "Food parcels", C.COMMUNITY),
    "recovery_group": ("Recovery group", "Recovery groups", C.COMMUNITY),
    "wellbeing_session": ("Wellbeing session", "Wellbeing sessions", C.COMMUNITY),
    "advocacy_session": ("Advocacy session", "Advocacy sessions", C.COMMUNITY),
    "mentoring_session": ("Mentoring session", "Mentoring sessions", C.COMMUNITY),
    "drop_in_visit": ("Drop-in visit", "Drop-in visits", C.COMMUNITY),
    "welfare_visit": ("Welfare visit", "Welfare visits", C.COMMUNITY),
    "peer_support_meeting": ("Peer support meeting", "Peer support meetings", C.COMMUNITY),
    "recovery_cafe_visit": ("Recovery cafe visit", "Recovery cafe visits", C.COMMUNITY),
}


def category(kind: str) -> str:
    return KINDS[kind][2] if kind in KINDS else C.OTHER


def plural(kind: str) -> str:
    return KINDS[kind][1] if kind in KINDS else kind.replace("_", " ").capitalize()
