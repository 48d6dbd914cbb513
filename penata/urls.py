from __future__ import annotations

from django.urls import include, path
from django.views.i18n import set_language

from penata.api import api
from penata.core.access import public
from penata.core.admin import admin_site

urlpatterns = [
    path("", include("penata.core.urls")),
    path("", include("penata.workforce.urls")),
    path("", include("penata.performance.urls")),
    path("kompetensi/", include("penata.learning.urls")),
    path("forum/", include("penata.forum.urls")),
    path("perubahan/", include("penata.engagement.urls")),
    path("pendanaan/", include("penata.funding.urls")),
    path("perencanaan/", include("penata.planning.urls")),
    path("talenta/", include("penata.talent.urls")),
    path("kebijakan/", include("penata.policy.urls")),
    path("portal/", include("penata.portal.urls")),
    path("riset/", include("penata.research.urls")),
    path("", include("penata.security.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin_site.urls),
    path("api/v1/", api.urls),
]

handler403 = "penata.core.views.error_403"
handler404 = "penata.core.views.error_404"
handler500 = "penata.core.views.error_500"
