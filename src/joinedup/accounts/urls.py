from django.urls import path

from joinedup.accounts import team_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/role/", views.choose_role, name="choose-role"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/set-password/<uidb64>/<token>/", views.set_password, name="set-password"),
    path("team/", team_views.team, name="team"),
    path("team/new/", team_views.invite, name="team-invite"),
    path("team/<id:user_id>/", team_views.member, name="team-member"),
    path("team/<id:user_id>/action/", team_views.member_action, name="team-member-action"),
]
