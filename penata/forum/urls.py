"""URLs of the forum (``forum:`` namespace), under ``/forum/``."""

from __future__ import annotations

from django.urls import path

from penata.forum import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("kategori/<slug:slug>/", views.category, name="category"),
    path("kategori/<slug:slug>/baru/", views.thread_create, name="thread_create"),
    path("utas/<int:pk>/", views.thread, name="thread"),
    path("utas/<int:pk>/balas/", views.reply, name="reply"),
    path("utas/<int:pk>/moderasi/", views.thread_moderate, name="thread_moderate"),
    path("kiriman/<int:pk>/sunting/", views.post_edit, name="post_edit"),
    path("kiriman/<int:pk>/reaksi/", views.post_react, name="post_react"),
    path("kiriman/<int:pk>/jawaban/", views.post_accept, name="post_accept"),
    path("kiriman/<int:pk>/lapor/", views.post_report, name="post_report"),
    path("kiriman/<int:pk>/moderasi/", views.post_moderate, name="post_moderate"),
    path("ruang-opd/", views.opd_rooms, name="opd_rooms"),
    path("laporan/", views.reports, name="reports"),
    path("laporan/<int:pk>/", views.report_resolve, name="report_resolve"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/baca/", views.notifications_read, name="notifications_read"),
    path("notifikasi/lonceng/", views.bell, name="bell"),
    path("cari/", views.search_page, name="search"),
    path("praktik-baik/", views.practice_list, name="practice_list"),
    path("praktik-baik/ajukan/", views.practice_create, name="practice_create"),
    path("praktik-baik/kurasi/", views.practice_queue, name="practice_queue"),
    path("praktik-baik/ekspor/", views.practice_export, name="practice_export"),
    path("praktik-baik/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("praktik-baik/<int:pk>/ubah/", views.practice_edit, name="practice_edit"),
    path("praktik-baik/<int:pk>/kurasi/", views.practice_review, name="practice_review"),
    path("praktik-baik/<int:pk>/terbit/", views.practice_publish, name="practice_publish"),
    path("publik/praktik-baik/", views.public_practice_list, name="public_practice_list"),
    path(
        "publik/praktik-baik/<int:pk>/",
        views.public_practice_detail,
        name="public_practice_detail",
    ),
    path(
        "publik/praktik-baik/lampiran/<int:pk>/",
        views.public_attachment,
        name="public_attachment",
    ),
]
