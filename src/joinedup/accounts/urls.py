from django.urls import path

from joinedup.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/role/", views.choose_role, name="choose-role"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
]
