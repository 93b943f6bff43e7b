"""Needs URLs, under /besoins/ ("needs" namespace)."""

from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.my_needs, name="mine"),
    path("declarer/", views.declare, name="declare"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("campagnes/", views.campaign_list, name="campaigns"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campagnes/<int:pk>/cloturer/", views.campaign_close, name="campaign_close"),
    path("campagnes/<int:pk>/repondre/", views.campaign_answer, name="answer"),
    path("campagnes/<int:pk>/export.<str:extension>", views.campaign_export, name="campaign_export"),
    path("<int:pk>/", views.declaration_detail, name="declaration"),
    path("<int:pk>/offre/", views.declaration_convert, name="convert"),
]
