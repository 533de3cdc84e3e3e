from django.urls import path

from joinedup.referrals import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new/", views.referral_new, name="new"),
    path("referrals/<id:referral_id>/", views.referral_detail, name="detail"),
    path("referrals/<id:referral_id>/share/", views.referral_share, name="share"),
    path("referrals/<id:referral_id>/decide/", views.referral_decide, name="decide"),
    path("referrals/<id:referral_id>/match/", views.referral_match, name="match"),
    path("self-referral/", views.self_referral, name="self-referral"),
    path("self-referral/sent/", views.self_referral_sent, name="self-referral-sent"),
    path("people/<id:person_id>/refer/", views.referral_new, name="refer-person"),
    path("people/<id:person_id>/allocate/", views.allocate, name="allocate"),
    path("people/<id:person_id>/list-status/", views.status_update, name="status"),
    path("people/<id:person_id>/stuck/new/", views.stuck_new, name="stuck-new"),
    path("stuck-cases/<id:stuck_case_id>/", views.stuck_answer, name="stuck-answer"),
    path("panel/", views.panel, name="panel"),
    path("panel/meetings/<id:meeting_id>/", views.meeting, name="meeting"),
    path("panel/fairness/", views.fairness, name="fairness"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/<id:user_id>/", views.caseload, name="caseload"),
    path("by-name-list/", views.by_name_list, name="by-name-list"),
]
