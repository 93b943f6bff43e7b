"""URLs of the plans themselves (list, plan page, editing pages); reporting lives in urls_reporting."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("nouveau/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/modifier/", views.plan_edit, name="edit"),
    path("<int:pk>/partenaires/", views.partners, name="partners"),
    path("<int:pk>/partenaires/<int:partner_pk>/modifier/", views.partner_edit, name="partner_edit"),
    path("<int:pk>/partenaires/<int:partner_pk>/retirer/", views.partner_remove, name="partner_remove"),
    path("<int:pk>/cibles/", views.targets, name="targets"),
    path("<int:pk>/cibles/<int:target_pk>/retirer/", views.target_remove, name="target_remove"),
    path("<int:pk>/actions/nouvelle/", views.action_create, name="action_create"),
    path("<int:pk>/actions/<int:action_pk>/modifier/", views.action_edit, name="action_edit"),
    path("<int:pk>/actions/<int:action_pk>/etat/", views.action_transition, name="action_transition"),
]
