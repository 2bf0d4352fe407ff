"""Staff URLs of proactive disclosure (namespace ``publishing``), mounted at ``/staff/o/<slug>/``."""

from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/do/<slug:step>/", views.item_step, name="item_step"),
    path("items/<int:pk>/findings/<int:finding_pk>/confirm/", views.finding_confirm, name="finding_confirm"),
    path("items/<int:pk>/validity/", views.validity_change, name="validity_change"),
    path("items/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("items/<int:pk>/distributions/", views.distribution_add, name="distribution_add"),
    path("items/<int:pk>/wechat/", views.item_wechat, name="item_wechat"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_remove, name="attachment_remove"),
    path("queue/", views.queue, name="review_queue"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.catalogue_create, name="catalogue_create"),
    path("catalogue/seed/", views.catalogue_seed, name="catalogue_seed"),
    path("catalogue/<int:pk>/edit/", views.catalogue_edit, name="catalogue_edit"),
    path("catalogue/<int:pk>/delete/", views.catalogue_delete, name="catalogue_delete"),
    path("channels/", views.channels, name="channels"),
]
